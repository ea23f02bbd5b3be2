// A paged A4 PDF being written top to bottom: headings, wrapped paragraphs, tables that continue on
// the next page with their header repeated, and plots drawn as vectors — with a running header and
// page numbers. The report's sections are written through it.
#pragma once

#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QString>
#include <QStringList>
#include <vector>

namespace quantlens::ui {

class PlotBase;

struct ReportTable {
  QStringList header;
  std::vector<double> widths;  // fractions of the page width, one per column
  std::vector<Qt::Alignment> alignment;  // one per column (default: left)
  std::vector<QStringList> rows;
  std::vector<bool> emphasized;  // rows drawn bold (optional, parallel to rows)
  double pointSize = 0.0;        // 0: the body font's
};

class ReportDocument {
public:
  static constexpr int kResolution = 96;  // one unit = one pixel of a 96-dpi screen, as the plots are drawn

  // Opens `path` for writing; check isOpen().
  ReportDocument(const QString& path, const QString& title, const QString& runningHeader);
  ~ReportDocument();
  bool isOpen() const { return m_painter.isActive(); }
  // Ends the document; false when the file could not be written.
  bool finish();

  QRectF content() const { return m_content; }
  double y() const { return m_y; }
  double remaining() const { return m_content.bottom() - m_y; }
  int pageNumber() const { return m_page; }
  QPainter& painter() { return m_painter; }

  void newPage();
  // Starts a new page unless `height` fits below the cursor.
  void ensureSpace(double height);
  void skip(double height) { m_y += height; }

  void title(const QString& text);
  void heading(const QString& text);  // a section heading; starts a page when too low on this one
  void subheading(const QString& text);
  // Word-wrapped text at the cursor; returns its height.
  double paragraph(const QString& text, const QFont& font, const QColor& colour = Qt::black, double indent = 0.0);
  void table(const ReportTable& table);
  // `plot` drawn into `rect` (vector). Does not move the cursor.
  void plot(PlotBase& plot, const QRectF& rect);

  QFont bodyFont() const { return m_body; }
  QFont boldFont() const;
  QFont smallFont() const;

private:
  void drawPageFrame();
  void drawTableHeader(const ReportTable& table, double rowHeight);

  QPdfWriter m_writer;
  QPainter m_painter;
  QString m_runningHeader;
  QRectF m_content;
  QFont m_body;
  double m_y = 0.0;
  int m_page = 1;
};

}  // namespace quantlens::ui
