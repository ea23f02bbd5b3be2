// Empty state.
#include "ui/empty_state_widget.h"

#include <QDir>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace quantlens::ui {

namespace {

constexpr int kZoneMargin = 32;  // between the window edge and the dashed drop zone
constexpr int kTextWidth = 600;  // of the wrapped explanations under the buttons

QLabel* centeredLabel(const QString& text, double scale, bool bold, QWidget* parent) {
  auto* label = new QLabel(text, parent);
  label->setAlignment(Qt::AlignCenter);
  label->setWordWrap(true);
  QFont font = label->font();
  font.setPointSizeF(font.pointSizeF() * scale);
  font.setBold(bold);
  label->setFont(font);
  return label;
}

void mute(QLabel* label) {
  QPalette palette = label->palette();
  palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
  label->setPalette(palette);
}

}  // namespace

EmptyStateWidget::EmptyStateWidget(QWidget* parent) : QWidget(parent) {
  auto* icon = new QLabel(this);
  icon->setAlignment(Qt::AlignCenter);
  icon->setPixmap(QIcon(QStringLiteral(":/quantlens/quantlens.svg")).pixmap(128, 128));

  auto* title = centeredLabel(tr("Drop an ONNX model here"), 2.0, true, this);
  auto* subtitle = centeredLabel(tr("or open one with File ▸ Open model… (Ctrl+O)"), 1.2, false, this);
  mute(subtitle);

  auto* openModel = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")), tr("Open model…"), this);
  openModel->setDefault(true);
  auto* openData = new QPushButton(QIcon::fromTheme(QStringLiteral("folder-open")), tr("Open data folder…"), this);
  for (QPushButton* button : {openModel, openData}) {
    button->setMinimumHeight(button->sizeHint().height() + 8);
    button->setMinimumWidth(button->sizeHint().width() + 24);
  }
  connect(openModel, &QPushButton::clicked, this, &EmptyStateWidget::openModelRequested);
  connect(openData, &QPushButton::clicked, this, &EmptyStateWidget::openDatasetRequested);

  auto* hint = centeredLabel(
      tr("QuantLens reads ONNX models (opsets 9–17). Drop a folder of images (class subfolders are labels) "
         "or an MNIST-style IDX file to choose the data set for calibration and evaluation."),
      1.0, false, this);
  mute(hint);
  hint->setFixedWidth(kTextWidth);  // a wrapped label centered in a layout would shrink to a sliver

  m_dataset = centeredLabel(QString(), 1.0, false, this);
  m_dataset->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_dataset->setFixedWidth(kTextWidth);
  m_dataset->hide();

  auto* buttons = new QHBoxLayout;
  buttons->setSpacing(12);
  buttons->addStretch();
  buttons->addWidget(openModel);
  buttons->addWidget(openData);
  buttons->addStretch();

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(kZoneMargin * 2, kZoneMargin * 2, kZoneMargin * 2, kZoneMargin * 2);
  layout->setSpacing(12);
  layout->addStretch(3);
  layout->addWidget(icon);
  layout->addSpacing(8);
  layout->addWidget(title);
  layout->addWidget(subtitle);
  layout->addSpacing(16);
  layout->addLayout(buttons);
  layout->addSpacing(24);
  // Centered by stretches rather than an alignment flag, which would size the wrapped labels
  // by their one-line size hint and clip the second line.
  for (QLabel* label : {hint, m_dataset}) {
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(label);
    row->addStretch();
    layout->addLayout(row);
  }
  layout->addStretch(4);
}

void EmptyStateWidget::setHighlighted(bool highlighted) {
  if (m_highlighted == highlighted) return;
  m_highlighted = highlighted;
  update();
}

void EmptyStateWidget::setDatasetPath(const QString& path) {
  m_dataset->setText(tr("Data set: %1").arg(QDir::toNativeSeparators(path)));
  m_dataset->setVisible(!path.isEmpty());
}

void EmptyStateWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QRectF zone = QRectF(rect()).adjusted(kZoneMargin, kZoneMargin, -kZoneMargin, -kZoneMargin);
  QPainterPath outline;
  outline.addRoundedRect(zone, 16, 16);
  const QColor accent = palette().color(QPalette::Highlight);
  QColor fill = m_highlighted ? accent : palette().color(QPalette::Base);
  if (m_highlighted) fill.setAlpha(40);
  painter.fillPath(outline, fill);
  QPen pen(m_highlighted ? accent : palette().color(QPalette::Mid), m_highlighted ? 3.0 : 2.0, Qt::DashLine);
  painter.setPen(pen);
  painter.drawPath(outline);
}

}  // namespace quantlens::ui
