// A titled group box holding a form (label, field rows): how the side panels group their settings.
#pragma once

#include <QFormLayout>
#include <QGroupBox>
#include <QString>

namespace quantlens::ui {

inline QGroupBox* formGroup(const QString& title, QWidget* parent, QFormLayout*& form) {
  auto* box = new QGroupBox(title, parent);
  form = new QFormLayout(box);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  return box;
}

}  // namespace quantlens::ui
