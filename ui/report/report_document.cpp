// Report document.
#include "ui/report/report_document.h"

#include <QPageLayout>
#include <QPageSize>

#include "ui/plots/plot_base.h"

namespace quantlens::ui {
namespace {

constexpr double kMarginMm = 16.0;
constexpr double kHeaderGap = 26.0;  // from the top margin to the first line of content
constexpr double kFooterGap = 22.0;
constexpr double kCellPadding = 4.0;
const QColor kRule(0xC8, 0xC8, 0xC8);
const QColor kMuted(0x60, 0x60, 0x60);
const QColor kHeaderFill(0xEE, 0xF2, 0xF7);

}  // namespace

ReportDocument::ReportDocument(const QString& path, const QString& title, const QString& runningHeader)
    : m_writer(path), m_runningHeader(runningHeader) {
  m_writer.setResolution(kResolution);
  m_writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter));
  m_writer.setTitle(title);
  m_writer.setCreator(QStringLiteral("QuantLens %1").arg(QStringLiteral(QUANTLENS_VERSION)));
  m_body = QFont(QStringLiteral("DejaVu Sans"));
  m_body.setPointSizeF(9.0);
  if (!m_painter.begin(&m_writer)) return;
  const QRect page = m_writer.pageLayout().paintRectPixels(kResolution);
  // The painter's origin is the top-left of the printable area.
  m_content = QRectF(0, kHeaderGap, page.width(), page.height() - kHeaderGap - kFooterGap);
  m_y = m_content.top();
  m_painter.setFont(m_body);
  drawPageFrame();
}

ReportDocument::~ReportDocument() {
  if (m_painter.isActive()) m_painter.end();
}

bool ReportDocument::finish() { return m_painter.end(); }

QFont ReportDocument::boldFont() const {
  QFont font = m_body;
  font.setBold(true);
  return font;
}

QFont ReportDocument::smallFont() const {
  QFont font = m_body;
  font.setPointSizeF(7.5);
  return font;
}

void ReportDocument::drawPageFrame() {
  m_painter.save();
  m_painter.setFont(smallFont());
  m_painter.setPen(kMuted);
  const double width = m_content.width();
  m_painter.drawText(QRectF(0, 0, width, kHeaderGap - 10), Qt::AlignLeft | Qt::AlignVCenter, m_runningHeader);
  m_painter.drawText(QRectF(0, 0, width, kHeaderGap - 10), Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("QuantLens %1").arg(QStringLiteral(QUANTLENS_VERSION)));
  m_painter.setPen(QPen(kRule, 0.8));
  m_painter.drawLine(QPointF(0, kHeaderGap - 8), QPointF(width, kHeaderGap - 8));
  m_painter.setPen(kMuted);
  const double bottom = m_content.bottom() + kFooterGap;
  m_painter.drawText(QRectF(0, bottom - 14, width, 14), Qt::AlignHCenter | Qt::AlignVCenter,
                     QStringLiteral("page %1").arg(m_page));
  m_painter.restore();
}

void ReportDocument::newPage() {
  m_writer.newPage();
  ++m_page;
  m_y = m_content.top();
  drawPageFrame();
}

void ReportDocument::ensureSpace(double height) {
  if (m_y > m_content.top() && remaining() < height) newPage();
}

void ReportDocument::title(const QString& text) {
  QFont font = m_body;
  font.setPointSizeF(22.0);
  font.setBold(true);
  m_y += paragraph(text, font, QColor(0x1F, 0x3A, 0x5F)) + 6;
}

void ReportDocument::heading(const QString& text) {
  ensureSpace(120);  // a heading alone at the bottom of a page reads as a mistake
  if (m_y > m_content.top()) m_y += 10;
  QFont font = m_body;
  font.setPointSizeF(14.0);
  font.setBold(true);
  m_y += paragraph(text, font, QColor(0x1F, 0x3A, 0x5F));
  m_painter.setPen(QPen(QColor(0x1F, 0x3A, 0x5F), 1.2));
  m_painter.drawLine(QPointF(0, m_y + 2), QPointF(m_content.width(), m_y + 2));
  m_y += 10;
}

void ReportDocument::subheading(const QString& text) {
  ensureSpace(60);
  QFont font = m_body;
  font.setPointSizeF(10.5);
  font.setBold(true);
  m_y += paragraph(text, font) + 3;
}

double ReportDocument::paragraph(const QString& text, const QFont& font, const QColor& colour, double indent) {
  m_painter.setFont(font);
  const QRectF area(indent, m_y, m_content.width() - indent, 10000);
  const QRectF bounds = m_painter.boundingRect(area, Qt::TextWordWrap, text);
  if (m_y + bounds.height() > m_content.bottom()) {
    newPage();
    return paragraph(text, font, colour, indent);
  }
  m_painter.setPen(colour);
  m_painter.drawText(QRectF(indent, m_y, m_content.width() - indent, bounds.height()), Qt::TextWordWrap, text);
  m_painter.setFont(m_body);
  return bounds.height();
}

void ReportDocument::drawTableHeader(const ReportTable& table, double rowHeight) {
  m_painter.fillRect(QRectF(0, m_y, m_content.width(), rowHeight), kHeaderFill);
  QFont bold = boldFont();
  if (table.pointSize > 0) bold.setPointSizeF(table.pointSize);
  m_painter.setFont(bold);
  m_painter.setPen(Qt::black);
  double x = 0;
  for (int c = 0; c < table.header.size(); ++c) {
    const double w = table.widths[static_cast<size_t>(c)] * m_content.width();
    const Qt::Alignment align = static_cast<size_t>(c) < table.alignment.size() ? table.alignment[static_cast<size_t>(c)]
                                                                                 : Qt::AlignLeft;
    m_painter.drawText(QRectF(x + kCellPadding, m_y, w - 2 * kCellPadding, rowHeight), align | Qt::AlignVCenter,
                       table.header[c]);
    x += w;
  }
  m_y += rowHeight;
  m_painter.setPen(QPen(kRule, 0.8));
  m_painter.drawLine(QPointF(0, m_y), QPointF(m_content.width(), m_y));
}

void ReportDocument::table(const ReportTable& table) {
  QFont font = m_body;
  if (table.pointSize > 0) font.setPointSizeF(table.pointSize);
  QFont bold = font;
  bold.setBold(true);
  const double rowHeight = QFontMetricsF(font, &m_writer).height() + 2 * kCellPadding;
  ensureSpace(3 * rowHeight);
  drawTableHeader(table, rowHeight);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (remaining() < rowHeight) {
      newPage();
      drawTableHeader(table, rowHeight);
    }
    const bool emphasized = r < table.emphasized.size() && table.emphasized[r];
    m_painter.setFont(emphasized ? bold : font);
    m_painter.setPen(Qt::black);
    double x = 0;
    for (int c = 0; c < table.rows[r].size() && static_cast<size_t>(c) < table.widths.size(); ++c) {
      const double w = table.widths[static_cast<size_t>(c)] * m_content.width();
      const Qt::Alignment align =
          static_cast<size_t>(c) < table.alignment.size() ? table.alignment[static_cast<size_t>(c)] : Qt::AlignLeft;
      const QRectF cell(x + kCellPadding, m_y, w - 2 * kCellPadding, rowHeight);
      const QString text = m_painter.fontMetrics().elidedText(table.rows[r][c], Qt::ElideMiddle,
                                                              static_cast<int>(cell.width()));
      m_painter.drawText(cell, align | Qt::AlignVCenter, text);
      x += w;
    }
    m_y += rowHeight;
    m_painter.setPen(QPen(kRule, 0.4));
    m_painter.drawLine(QPointF(0, m_y), QPointF(m_content.width(), m_y));
  }
  m_painter.setFont(m_body);
  m_y += 8;
}

void ReportDocument::plot(PlotBase& plot, const QRectF& rect) {
  plot.resize(rect.size().toSize());
  plot.render(m_painter, rect);
}

}  // namespace quantlens::ui
