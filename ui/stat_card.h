// A small card showing one figure of a model (a big value over a caption), as in a dashboard.
#pragma once

#include <QFrame>
#include <QString>

class QLabel;

namespace quantlens::ui {

class StatCard : public QFrame {
  Q_OBJECT

public:
  explicit StatCard(const QString& caption, QWidget* parent = nullptr);

  void setValue(const QString& value, const QString& toolTip = {});
  QString value() const;

private:
  QLabel* m_value;
  QLabel* m_caption;
};

}  // namespace quantlens::ui
