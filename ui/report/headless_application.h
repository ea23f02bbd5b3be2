// A QApplication for rendering without a window (the CLI's --report): the offscreen platform plugin
// unless the caller's environment chose one, created only when none exists yet.
#pragma once

#include <QApplication>
#include <memory>

namespace quantlens::ui {

class HeadlessApplication {
public:
  HeadlessApplication();
  ~HeadlessApplication();
  HeadlessApplication(const HeadlessApplication&) = delete;
  HeadlessApplication& operator=(const HeadlessApplication&) = delete;

private:
  std::unique_ptr<QApplication> m_application;  // null when the process already had one
};

}  // namespace quantlens::ui
