#pragma once

#include <QDialog>
#include <QUrl>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace enclii::ui {

// "Connect to…": which encliid the console talks to.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(const QUrl &current, QWidget *parent = nullptr);

    QUrl url() const;
    // The URL a person typed, if it can be used: http(s) with a host. "host:port" gets http://.
    static std::optional<QUrl> parseUrl(const QString &text);

private:
    void validate();

    QLineEdit *m_edit;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace enclii::ui
