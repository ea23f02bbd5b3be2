// The "Recent models" list: kept in QSettings, shown as a submenu, newest first.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;

namespace quantlens::ui {

class RecentModels : public QObject {
  Q_OBJECT

public:
  static constexpr int kMaxEntries = 10;

  // Fills `menu` (owned by the caller's widget tree) and keeps it in step with the settings.
  RecentModels(QMenu* menu, QObject* parent);

  QStringList paths() const;
  void add(const QString& path);
  void remove(const QString& path);
  void clear();

signals:
  void openRequested(const QString& path);

private:
  void store(const QStringList& paths);
  void rebuildMenu();

  QMenu* m_menu;
};

}  // namespace quantlens::ui
