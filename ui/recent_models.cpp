// Recent models.
#include "ui/recent_models.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

#include "ui/app_settings.h"

namespace quantlens::ui {

namespace {

constexpr char kKey[] = "recentModels";

}  // namespace

RecentModels::RecentModels(QMenu* menu, QObject* parent) : QObject(parent), m_menu(menu) { rebuildMenu(); }

QStringList RecentModels::paths() const {
  const QSettings settings(kSettingsOrganization, kSettingsApplication);
  return settings.value(kKey).toStringList();
}

void RecentModels::add(const QString& path) {
  QStringList list = paths();
  list.removeAll(path);
  list.prepend(path);
  store(list.mid(0, kMaxEntries));
}

void RecentModels::remove(const QString& path) {
  QStringList list = paths();
  if (list.removeAll(path) > 0) store(list);
}

void RecentModels::clear() { store({}); }

void RecentModels::store(const QStringList& list) {
  QSettings settings(kSettingsOrganization, kSettingsApplication);
  settings.setValue(kKey, list);
  rebuildMenu();
}

void RecentModels::rebuildMenu() {
  m_menu->clear();
  const QStringList list = paths();
  if (list.isEmpty()) {
    m_menu->addAction(tr("No recent models"))->setEnabled(false);
    return;
  }
  for (int i = 0; i < list.size(); ++i) {
    const QString& path = list[i];
    QString name = QFileInfo(path).fileName();
    name.replace(u'&', QStringLiteral("&&"));  // a literal '&' would become a mnemonic
    const QString text = i < 9 ? QStringLiteral("&%1  %2").arg(i + 1).arg(name) : name;
    QAction* action = m_menu->addAction(text);
    action->setToolTip(QDir::toNativeSeparators(path));
    action->setStatusTip(QDir::toNativeSeparators(path));
    // Queued: what follows may rebuild this menu, deleting the action that is still emitting.
    connect(action, &QAction::triggered, this, [this, path] { emit openRequested(path); }, Qt::QueuedConnection);
  }
  m_menu->setToolTipsVisible(true);
  m_menu->addSeparator();
  connect(m_menu->addAction(tr("Clear list")), &QAction::triggered, this, &RecentModels::clear, Qt::QueuedConnection);
}

}  // namespace quantlens::ui
