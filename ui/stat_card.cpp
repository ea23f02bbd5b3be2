// Stat card.
#include "ui/stat_card.h"

#include <QLabel>
#include <QVBoxLayout>

namespace quantlens::ui {

StatCard::StatCard(const QString& caption, QWidget* parent)
    : QFrame(parent), m_value(new QLabel(this)), m_caption(new QLabel(caption, this)) {
  setFrameShape(QFrame::StyledPanel);
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

  QFont valueFont = m_value->font();
  valueFont.setPointSizeF(valueFont.pointSizeF() * 1.6);
  valueFont.setBold(true);
  m_value->setFont(valueFont);
  m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_value->setText(QStringLiteral("–"));

  QPalette captionPalette = m_caption->palette();
  captionPalette.setColor(QPalette::WindowText, captionPalette.color(QPalette::PlaceholderText));
  m_caption->setPalette(captionPalette);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 10, 16, 10);
  layout->setSpacing(2);
  layout->addWidget(m_value);
  layout->addWidget(m_caption);
}

void StatCard::setValue(const QString& value, const QString& toolTip) {
  m_value->setText(value);
  setToolTip(toolTip);
}

QString StatCard::value() const { return m_value->text(); }

}  // namespace quantlens::ui
