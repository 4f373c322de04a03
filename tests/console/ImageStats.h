#pragma once

// How much of a picture is picture: the screenshot tests use it to tell a rendered screen
// from a blank window.

#include <QHash>
#include <QImage>

#include <algorithm>

namespace enclii::test {

struct ImageStats
{
    int distinctColors = 0;
    double backgroundShare = 1.0; // share of the most common colour
};

inline ImageStats measureImage(const QImage &source)
{
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            ++counts[line[x]];
    }
    int top = 0;
    for (int c : std::as_const(counts))
        top = std::max(top, c);
    const double total = double(image.width()) * image.height();
    return {int(counts.size()), total > 0 ? top / total : 1.0};
}

} // namespace enclii::test
