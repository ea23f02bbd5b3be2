// What every analysis plot shares: a QCustomPlot with a title, zoom and pan, hover tooltips, export
// to PNG/SVG/PDF and rendering into any QPainter (the PDF report draws the same views).
#pragma once

#include <QString>
#include <qcustomplot.h>

class QToolButton;

namespace quantlens::ui {

class PlotBase : public QCustomPlot {
  Q_OBJECT

public:
  explicit PlotBase(const QString& title, QWidget* parent = nullptr);

  QString title() const;
  void setTitle(const QString& title);
  // A line under the title (what the plot concludes: "histogram clips 0.003 % of the values").
  void setSubtitle(const QString& subtitle);
  QString subtitle() const;
  // Draws the plot at `target` size into `painter` (vector output stays vector: the plot is
  // recorded as a QPicture first). Used by export and by the PDF report.
  void render(QPainter& painter, const QRectF& target);
  // Writes the plot as PNG, SVG or PDF, chosen by the suffix of `path`; false when it cannot.
  bool exportTo(const QString& path, QSize size = {});
  // Asks for a file name and exports (the ⤓ button and the context menu).
  void exportInteractively();
  // Back to the axis ranges the data was shown with (double-click, the context menu).
  void resetView();
  // Shown instead of the data when there is none (e.g. a layer kept float).
  void showMessage(const QString& message);
  QString message() const;

  static const QColor kFp32Colour;
  static const QColor kQuantizedColour;
  static const QColor kHighlightColour;

protected:
  // The tooltip for the mouse at `pos`, in the plot's own terms; empty for none.
  virtual QString toolTipAt(const QPointF& pos) const = 0;
  // Remembers the current axis ranges as those resetView() returns to; subclasses call it after
  // setting their data.
  void storeHomeView();
  // Removes data, items, the subtitle and the message so a plot can be set up again.
  void clearAll();
  // Shows the legend in one row between the title and the axes instead of over the data.
  void placeLegendAboveAxes();
  void setAxisLabels(const QString& x, const QString& y);

  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  QCPTextElement* m_title = nullptr;
  QCPTextElement* m_subtitle = nullptr;
  QCPItemText* m_message = nullptr;
  QToolButton* m_exportButton = nullptr;
  QCPRange m_homeX, m_homeY, m_homeY2;
};

}  // namespace quantlens::ui
