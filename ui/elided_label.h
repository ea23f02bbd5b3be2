// One line of text that elides in the middle when narrow (long paths), with the full text as tooltip.
#pragma once

#include <QString>
#include <QWidget>

namespace quantlens::ui {

class ElidedLabel : public QWidget {
  Q_OBJECT

public:
  explicit ElidedLabel(QWidget* parent = nullptr);

  void setText(const QString& text);
  QString text() const { return m_text; }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  QString m_text;
};

}  // namespace quantlens::ui
