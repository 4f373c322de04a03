#include "ConnectDialog.h"

#include "client/ApiClient.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace enclii::ui {

using namespace Qt::StringLiterals;

ConnectDialog::ConnectDialog(const QUrl &current, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QLineEdit(current.toString(), this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to encliid"));
    m_edit->setMinimumWidth(340);
    m_edit->setPlaceholderText(ApiClient::defaultBaseUrl().toString());
    m_error->setStyleSheet(u"color: #9b1c12;"_s);

    auto *useDefault = m_buttons->addButton(tr("Use default"), QDialogButtonBox::ResetRole);
    connect(useDefault, &QPushButton::clicked, this,
            [this] { m_edit->setText(ApiClient::defaultBaseUrl().toString()); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &ConnectDialog::validate);

    auto *form = new QFormLayout;
    form->addRow(tr("Daemon URL:"), m_edit);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The console reads everything from encliid's REST API."), this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    validate();
}

QUrl ConnectDialog::url() const
{
    return parseUrl(m_edit->text()).value_or(QUrl());
}

std::optional<QUrl> ConnectDialog::parseUrl(const QString &text)
{
    QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    if (!t.contains(u"://"_s))
        t.prepend(u"http://"_s);
    const QUrl url(t, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
        return std::nullopt;
    return url;
}

void ConnectDialog::validate()
{
    const bool ok = parseUrl(m_edit->text()).has_value();
    m_error->setText(ok ? QString() : tr("Enter an http:// or https:// URL with a host, e.g. http://127.0.0.1:4200"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace enclii::ui
