// Copies a folder of files embedded with Qt's resource system onto disk, for code that opens files by path.
#pragma once

#include <QString>

namespace quantlens::ui {

// Makes `folder` hold every file under the resource folder `resourceFolder` (":/…"), keeping the
// relative paths. A folder that already holds them all with the same sizes is left alone, so this
// costs a few stat calls after the first time; anything else (missing, partial, stale) is replaced
// by a fresh copy written beside it and renamed into place, so a reader never sees half a copy.
// Returns false when the resource folder is empty or `folder` cannot be written.
bool extractResourceFolder(const QString& resourceFolder, const QString& folder);

}  // namespace quantlens::ui
