// Writing a quantized model from the window: the QDQ ONNX model (what ONNX Runtime runs) or the
// qparams JSON, chosen by the file's suffix — the CLI's --export-onnx and --export-qparams.
#pragma once

#include <QString>

class QWidget;

namespace quantlens {
class Graph;
struct QuantPlan;
struct QuantState;
}  // namespace quantlens

namespace quantlens::ui {

// Writes `path` (.onnx: QDQ model; .json: qparams). Returns an empty string when written, else the
// message naming what failed; notes of the export (e.g. layers kept float) go to `notes`.
QString exportQuantizedModel(const QString& path, const Graph& graph, const QuantPlan& plan, const QuantState& state,
                             QString* notes = nullptr);

// Asks for a file name (suggesting `baseName`.onnx in the last export folder), writes it and shows
// what happened in a message box: the written size and the notes, or the failure.
void exportQuantizedModelInteractively(QWidget* parent, const QString& baseName, const Graph& graph,
                                       const QuantPlan& plan, const QuantState& state);

}  // namespace quantlens::ui
