// Load + validate all specs, against a bare yaml-cpp parse of the same files as the baseline.
#include "spec/SpecLoader.h"

#include <yaml-cpp/yaml.h>

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

double medianMs(std::vector<qint64> ns)
{
    std::sort(ns.begin(), ns.end());
    return double(ns[ns.size() / 2]) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(ENCLII_SOURCE_DIR "/specs");
    const int rounds = 30;
    QList<QByteArray> texts;
    QDirIterator it(dir, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        f.open(QIODevice::ReadOnly);
        texts << f.readAll();
    }
    std::vector<qint64> ours, bare;
    int services = 0;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        const auto result = enclii::spec::SpecLoader().loadDirectory(dir);
        ours.push_back(t.nsecsElapsed());
        services = int(result.specs.services.size());
        if (!result.ok()) {
            std::fprintf(stderr, "specs do not validate\n");
            return 1;
        }
        t.restart();
        std::size_t nodes = 0;
        for (const auto &text : texts)
            nodes += YAML::LoadAll(text.toStdString()).size();
        bare.push_back(t.nsecsElapsed());
        if (nodes == 0)
            return 1;
    }
    const double a = medianMs(ours), b = medianMs(bare);
    std::printf("specs: load+validate %d services from %lld files: median %.2f ms over %d rounds\n", services,
                static_cast<long long>(texts.size()), a, rounds);
    std::printf("specs: baseline bare yaml-cpp parse of the same files (already in memory): median %.2f ms\n", b);
    std::printf("specs: ratio load+validate / bare parse = %.2f\n", a / b);
    return 0;
}
