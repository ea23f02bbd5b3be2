// Plot base.
#include "ui/plots/plot_base.h"

#include <QContextMenuEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPicture>
#include <QRegularExpression>
#include <QSettings>
#include <QSvgGenerator>
#include <QToolButton>
#include <QToolTip>

#include "ui/app_settings.h"

namespace quantlens::ui {

namespace {

constexpr QSize kDefaultExportSize(900, 560);
constexpr double kPngScale = 2.0;  // sharp on high-density screens and in slides
constexpr char kExportDirKey[] = "lastDirectory/export";

QString slug(const QString& title) {
  QString s = title.toLower();
  s.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
  return s.section(u'-', 0, 5, QString::SectionSkipEmpty);
}

}  // namespace

const QColor PlotBase::kFp32Colour(0x4C, 0x78, 0xA8);
const QColor PlotBase::kQuantizedColour(0xF5, 0x85, 0x18);
const QColor PlotBase::kHighlightColour(0xD6, 0x27, 0x28);

PlotBase::PlotBase(const QString& title, QWidget* parent) : QCustomPlot(parent) {
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  setAntialiasedElements(QCP::aePlottables | QCP::aeItems);
  setMouseTracking(true);
  setMinimumSize(160, 110);
  setNoAntialiasingOnDrag(true);

  QFont titleFont = font();
  titleFont.setBold(true);
  plotLayout()->insertRow(0);
  m_title = new QCPTextElement(this, title, titleFont);
  plotLayout()->addElement(0, 0, m_title);
  plotLayout()->insertRow(1);
  m_subtitle = new QCPTextElement(this, QString(), font());
  m_subtitle->setVisible(false);
  plotLayout()->addElement(1, 0, m_subtitle);
  QFont tickFont = font();
  tickFont.setPointSizeF(tickFont.pointSizeF() * 0.9);
  for (QCPAxis* axis : {xAxis, yAxis, yAxis2}) {
    axis->setTickLabelFont(tickFont);
    axis->setLabelFont(font());
    axis->grid()->setPen(QPen(QColor(0xE4, 0xE4, 0xE4), 0, Qt::SolidLine));
  }
  legend->setFont(tickFont);
  legend->setBrush(QColor(255, 255, 255, 220));
  legend->setBorderPen(QPen(QColor(0xC8, 0xC8, 0xC8)));

  m_exportButton = new QToolButton(this);
  m_exportButton->setText(QStringLiteral("⤓"));
  m_exportButton->setAutoRaise(true);
  m_exportButton->setToolTip(tr("Export this plot as PNG, SVG or PDF"));
  m_exportButton->setCursor(Qt::ArrowCursor);
  connect(m_exportButton, &QToolButton::clicked, this, &PlotBase::exportInteractively);
  setToolTip({});  // tooltips come from toolTipAt
}

QString PlotBase::title() const { return m_title->text(); }

void PlotBase::setTitle(const QString& title) { m_title->setText(title); }

void PlotBase::setSubtitle(const QString& subtitle) {
  m_subtitle->setText(subtitle);
  m_subtitle->setVisible(!subtitle.isEmpty());
  // An invisible element still takes its row's height; a hidden row takes none.
  plotLayout()->setRowStretchFactor(1, 0.001);
  m_subtitle->setMinimumSize(0, 0);
  m_subtitle->setMaximumSize(QWIDGETSIZE_MAX, subtitle.isEmpty() ? 0 : QWIDGETSIZE_MAX);
}

QString PlotBase::subtitle() const { return m_subtitle->text(); }

void PlotBase::placeLegendAboveAxes() {
  axisRect()->insetLayout()->take(legend);
  plotLayout()->insertRow(2);
  plotLayout()->addElement(2, 0, legend);
  plotLayout()->setRowStretchFactor(2, 0.001);
  legend->setFillOrder(QCPLegend::foColumnsFirst);
  legend->setBorderPen(Qt::NoPen);
  legend->setBrush(Qt::NoBrush);
  legend->setMargins(QMargins(4, 0, 4, 0));
  legend->setVisible(false);
}

void PlotBase::setAxisLabels(const QString& x, const QString& y) {
  xAxis->setLabel(x);
  yAxis->setLabel(y);
}

void PlotBase::clearAll() {
  clearPlottables();
  clearItems();
  m_message = nullptr;
  setSubtitle({});
  legend->setVisible(false);
  yAxis2->setVisible(false);
  yAxis->setScaleType(QCPAxis::stLinear);
  yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  xAxis->setTickLabelRotation(0);
}

void PlotBase::showMessage(const QString& message) {
  clearAll();
  m_message = new QCPItemText(this);
  m_message->setPositionAlignment(Qt::AlignCenter);
  m_message->position->setType(QCPItemPosition::ptAxisRectRatio);
  m_message->position->setCoords(0.5, 0.5);
  m_message->setText(message);
  m_message->setColor(QColor(0x70, 0x70, 0x70));
  m_message->setClipToAxisRect(false);
  xAxis->setRange(0, 1);
  yAxis->setRange(0, 1);
  storeHomeView();
  replot();
}

QString PlotBase::message() const { return m_message ? m_message->text() : QString(); }

void PlotBase::storeHomeView() {
  m_homeX = xAxis->range();
  m_homeY = yAxis->range();
  m_homeY2 = yAxis2->range();
}

void PlotBase::resetView() {
  xAxis->setRange(m_homeX);
  yAxis->setRange(m_homeY);
  yAxis2->setRange(m_homeY2);
  replot();
}

void PlotBase::render(QPainter& painter, const QRectF& target) {
  const QSize size = target.size().toSize();
  QPicture picture;
  {
    QCPPainter recorder(&picture);
    toPainter(&recorder, size.width(), size.height());
  }
  painter.save();
  painter.translate(target.topLeft());
  painter.drawPicture(QPointF(0, 0), picture);
  painter.restore();
}

bool PlotBase::exportTo(const QString& path, QSize size) {
  if (size.isEmpty()) size = isVisible() && !this->size().isEmpty() ? this->size() : kDefaultExportSize;
  const QString suffix = QFileInfo(path).suffix().toLower();
  m_exportButton->hide();  // toPainter draws the plot only, but keep the button out of grabs too
  bool ok = false;
  if (suffix == QStringLiteral("png")) {
    ok = savePng(path, size.width(), size.height(), kPngScale);
  } else if (suffix == QStringLiteral("pdf")) {
    ok = savePdf(path, size.width(), size.height(), QCP::epNoCosmetic, QStringLiteral("QuantLens"), title());
  } else if (suffix == QStringLiteral("svg")) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(title());
    svg.setDescription(QStringLiteral("QuantLens"));
    QCPPainter painter;
    ok = painter.begin(&svg);
    if (ok) {
      toPainter(&painter, size.width(), size.height());
      ok = painter.end();
    }
  }
  m_exportButton->show();
  return ok;
}

void PlotBase::exportInteractively() {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  const QString dir = settings.value(kExportDirKey).toString();
  QString selected;
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export plot"), QDir(dir).filePath(slug(title()) + QStringLiteral(".png")),
                                   tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
  if (path.isEmpty()) return;
  settings.setValue(kExportDirKey, QFileInfo(path).absolutePath());
  if (!exportTo(path))
    QMessageBox::warning(this, tr("Export failed"),
                         tr("Could not write %1: use a .png, .svg or .pdf name in a writable folder.").arg(path));
}

void PlotBase::mouseMoveEvent(QMouseEvent* event) {
  QCustomPlot::mouseMoveEvent(event);
  if (event->buttons() != Qt::NoButton) return;  // dragging
  const QString text = axisRect()->rect().contains(event->pos()) ? toolTipAt(event->position()) : QString();
  if (text.isEmpty())
    QToolTip::hideText();
  else
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void PlotBase::mouseDoubleClickEvent(QMouseEvent* event) {
  QCustomPlot::mouseDoubleClickEvent(event);
  resetView();
}

void PlotBase::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Reset zoom"), this, &PlotBase::resetView);
  menu.addAction(tr("Export…"), this, &PlotBase::exportInteractively);
  menu.exec(event->globalPos());
}

void PlotBase::resizeEvent(QResizeEvent* event) {
  QCustomPlot::resizeEvent(event);
  const QSize hint = m_exportButton->sizeHint();
  m_exportButton->move(width() - hint.width() - 4, 2);
}

}  // namespace quantlens::ui
