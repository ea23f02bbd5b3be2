// Imports, summarizes and prepares an ONNX model off the GUI thread, so a large model never freezes the window.
#pragma once

#include <QObject>
#include <QString>
#include <memory>

#include "ui/loaded_model.h"

namespace quantlens::ui {

class ModelLoader : public QObject {
  Q_OBJECT

public:
  explicit ModelLoader(QObject* parent = nullptr);

  // Starts loading `path`. A load still running is superseded: its result is dropped.
  void load(const QString& path);
  bool isLoading() const { return m_pending > 0; }

signals:
  void started(const QString& path);
  void loaded(std::shared_ptr<const quantlens::ui::LoadedModel> model);
  // `message` comes from the engine and names the file, the bad value and the rule.
  void failed(const QString& path, const QString& message);

private:
  quint64 m_generation = 0;  // of the newest load; older results are stale
  int m_pending = 0;
};

}  // namespace quantlens::ui
