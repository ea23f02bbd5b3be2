// IDX parsing (http://yann.lecun.com/exdb/mnist/ format): big-endian header, then unsigned bytes.
#include "core/data/idx_dataset.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdio>
#include <limits>

#include <zlib.h>

#include "core/error.h"

namespace quantlens {
namespace fs = std::filesystem;
namespace {

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", value);
  return text;
}

std::string_view idxTypeName(uint32_t code) {
  switch (code) {
    case 0x08: return "unsigned bytes";
    case 0x09: return "signed bytes";
    case 0x0B: return "16-bit integers";
    case 0x0C: return "32-bit integers";
    case 0x0D: return "32-bit floats";
    case 0x0E: return "64-bit floats";
    default: return "an unknown type";
  }
}

// A gzip or plain file read sequentially: zlib's gzread passes plain files through unchanged.
class IdxStream {
public:
  explicit IdxStream(const fs::path& path) : m_path(path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      throw Error("cannot read IDX file " + quoted(path) + ": " +
                  (fs::exists(path, ec) ? "it is not a regular file" : "the file does not exist"));
    m_file = gzopen(path.c_str(), "rb");
    if (!m_file) throw Error("cannot open IDX file " + quoted(path) + " (permissions?)");
    gzbuffer(m_file, 1 << 17);
  }
  ~IdxStream() { gzclose(m_file); }
  IdxStream(const IdxStream&) = delete;
  IdxStream& operator=(const IdxStream&) = delete;

  // Reads up to `count` bytes; fewer only at the end of the data. Throws on corrupt gzip data.
  size_t read(uint8_t* out, size_t count) {
    size_t done = 0;
    while (done < count) {
      const auto chunk = static_cast<unsigned>(std::min<size_t>(count - done, 1u << 30));
      const int n = gzread(m_file, out + done, chunk);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (done < count) checkStream();
    return done;
  }

  uint32_t readBigEndian32(std::string_view what) {
    uint8_t b[4];
    if (read(b, 4) != 4) throw Error("IDX file " + quoted(m_path) + " ends inside its header (reading " +
                                      std::string(what) + "); the file is truncated or not an IDX file");
    return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
  }

  // Fills `out` with exactly `count` bytes, growing it chunk by chunk so a header announcing
  // more data than the file holds cannot make us allocate it all up front.
  void readExactly(std::vector<uint8_t>& out, size_t count, std::string_view what) {
    constexpr size_t kChunk = size_t{64} << 20;
    out.clear();
    while (out.size() < count) {
      const size_t offset = out.size();
      const size_t want = std::min(kChunk, count - offset);
      out.resize(offset + want);
      const size_t got = read(out.data() + offset, want);
      if (got < want)
        throw Error("IDX file " + quoted(m_path) + " is truncated: its header announces " + std::string(what) +
                    " (" + std::to_string(count) + " bytes after the header) but only " +
                    std::to_string(offset + got) + " bytes follow");
    }
    uint8_t extra;
    if (read(&extra, 1) != 0)
      throw Error("IDX file " + quoted(m_path) + " has data after the " + std::string(what) +
                  " its header announces; the header or the file is wrong");
  }

private:
  // A short read is the end of the data unless zlib reports a broken stream.
  void checkStream() {
    int code = Z_OK;
    const char* message = gzerror(m_file, &code);
    if (code == Z_OK || code == Z_STREAM_END) return;
    const std::string reason = code == Z_BUF_ERROR
                                   ? "the gzip stream ends early (the file is truncated)"
                                   : "the gzip data is corrupt (" + std::string(message) + ")";
    throw Error("cannot read IDX file " + quoted(m_path) + ": " + reason);
  }

  fs::path m_path;
  gzFile m_file = nullptr;
};

uint32_t checkedMagic(IdxStream& stream, const fs::path& path, uint32_t dimensions, std::string_view kind) {
  const uint32_t magic = stream.readBigEndian32("the magic number");
  const uint32_t expected = 0x0800u | dimensions;
  if (magic == expected) return magic;
  std::string message = "IDX file " + quoted(path) + ": magic number " + hex32(magic) + " is not an IDX " +
                        std::string(kind) + " file (expected " + hex32(expected) + ": unsigned bytes in " +
                        std::to_string(dimensions) + " dimension" + (dimensions == 1 ? "" : "s") + ")";
  if ((magic >> 16) == 0) {
    message += "; it holds " + std::string(idxTypeName((magic >> 8) & 0xFF)) + " in " +
               std::to_string(magic & 0xFF) + " dimension(s)";
  } else if ((magic >> 16) == 0x1F8B) {
    message += "; it looks gzip-compressed twice";
  }
  throw Error(message);
}

}  // namespace

IdxDataset::IdxDataset(fs::path imagesFile) : m_imagesFile(std::move(imagesFile)) {
  readImages();
  m_labelsFile = labelsFileFor(m_imagesFile);
  if (m_labelsFile) readLabels();
}

IdxDataset::IdxDataset(fs::path imagesFile, fs::path labelsFile)
    : m_imagesFile(std::move(imagesFile)), m_labelsFile(std::move(labelsFile)) {
  readImages();
  readLabels();
}

std::optional<fs::path> IdxDataset::labelsFileFor(const fs::path& imagesFile) {
  std::string name = imagesFile.filename().string();
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool gz = lower.ends_with(".gz");
  if (gz) {
    name.resize(name.size() - 3);
    lower.resize(lower.size() - 3);
  }
  const size_t images = lower.rfind("images");
  const size_t idx3 = lower.rfind("idx3");
  if (images == std::string::npos || idx3 == std::string::npos) return std::nullopt;
  // Both words have the same length as their replacement, so offsets stay valid.
  name.replace(images, 6, "labels");
  name.replace(idx3, 4, "idx1");
  const fs::path dir = imagesFile.parent_path();
  const fs::path candidates[] = {dir / (name + (gz ? ".gz" : "")), dir / (name + (gz ? "" : ".gz"))};
  for (const fs::path& candidate : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

void IdxDataset::readImages() {
  IdxStream stream(m_imagesFile);
  checkedMagic(stream, m_imagesFile, 3, "images");
  const uint32_t count = stream.readBigEndian32("the image count");
  const uint32_t rows = stream.readBigEndian32("the row count");
  const uint32_t cols = stream.readBigEndian32("the column count");
  constexpr uint32_t kMaxSide = 1u << 15;
  if (count == 0) throw Error("IDX file " + quoted(m_imagesFile) + " holds no images (its header says 0)");
  if (rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide)
    throw Error("IDX file " + quoted(m_imagesFile) + ": image size " + std::to_string(rows) + "x" +
                std::to_string(cols) + " is not valid (each side must be 1.." + std::to_string(kMaxSide) + ")");
  m_count = count;
  m_rows = static_cast<int>(rows);
  m_cols = static_cast<int>(cols);
  const size_t bytes = size_t{count} * rows * cols;  // < 2^62: no overflow on 64-bit size_t
  stream.readExactly(m_pixels, bytes,
                     std::to_string(count) + " images of " + std::to_string(rows) + "x" + std::to_string(cols));
}

void IdxDataset::readLabels() {
  assert(m_labelsFile && "readLabels needs a labels file");
  IdxStream stream(*m_labelsFile);
  checkedMagic(stream, *m_labelsFile, 1, "labels");
  const uint32_t count = stream.readBigEndian32("the label count");
  if (count != m_count)
    throw Error("IDX labels file " + quoted(*m_labelsFile) + " has " + std::to_string(count) +
                " labels but images file " + quoted(m_imagesFile) + " has " + std::to_string(m_count) +
                " images; the counts must match");
  stream.readExactly(m_labels, count, std::to_string(count) + " labels");
  // Label values name the classes 0..max; the file carries no class names.
  const int maxLabel = *std::max_element(m_labels.begin(), m_labels.end());
  for (int c = 0; c <= maxLabel; ++c) m_classNames.push_back(std::to_string(c));
}

int64_t IdxDataset::label(int64_t index) const {
  assert(index >= 0 && index < size() && "sample index out of range");
  return m_labels.empty() ? -1 : m_labels[static_cast<size_t>(index)];
}

Image IdxDataset::load(int64_t index) const {
  assert(index >= 0 && index < size() && "sample index out of range");
  const size_t pixels = static_cast<size_t>(m_rows) * static_cast<size_t>(m_cols);
  const auto first = m_pixels.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(index) * pixels);
  return Image(m_rows, m_cols, 1, std::vector<uint8_t>(first, first + static_cast<std::ptrdiff_t>(pixels)));
}

std::string IdxDataset::sampleName(int64_t index) const {
  return m_imagesFile.string() + " #" + std::to_string(index);
}

std::string IdxDataset::describe() const {
  std::string text = "IDX file " + quoted(m_imagesFile) + " (" + std::to_string(m_count) + " images of " +
                     std::to_string(m_rows) + "x" + std::to_string(m_cols) + ", ";
  if (m_labelsFile)
    text += std::to_string(m_classNames.size()) + " classes from " + quoted(m_labelsFile->filename()) + ")";
  else
    text += "unlabeled)";
  return text;
}

}  // namespace quantlens
