// What the window shows before a model is open: a drop zone that says what to do next.
#pragma once

#include <QString>
#include <QWidget>

class QLabel;

namespace quantlens::ui {

class EmptyStateWidget : public QWidget {
  Q_OBJECT

public:
  explicit EmptyStateWidget(QWidget* parent = nullptr);

  // Drawn as the drop target lights up while a usable file is dragged over the window.
  void setHighlighted(bool highlighted);
  void setDatasetPath(const QString& path);

signals:
  void openModelRequested();
  void openDatasetRequested();

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  QLabel* m_dataset;
  bool m_highlighted = false;
};

}  // namespace quantlens::ui
