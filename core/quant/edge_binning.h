// np.histogram's bin of a value among explicit, nearly uniform edges: half-open bins, the last one closed.
#pragma once

#include <cstdint>

namespace quantlens {

// numpy estimates the bin from (x - first) * bins / (last - first) and then corrects it against the
// edge array, so the edges decide: bin i holds edges[i] <= x < edges[i + 1], the last bin also
// x == edges[bins]. Values outside [edges[0], edges[bins]] (and NaN) are dropped: returns -1.
// `invWidth` is any estimate of bins / (last - first); the loops fix what it gets wrong.
template <class Edge> inline int64_t edgeBin(double x, const Edge* edges, int64_t bins, double invWidth) {
  if (!(x >= edges[0] && x <= edges[bins])) return -1;
  int64_t bin = static_cast<int64_t>((x - static_cast<double>(edges[0])) * invWidth);
  bin = bin < 0 ? 0 : (bin > bins - 1 ? bins - 1 : bin);
  while (bin > 0 && x < edges[bin]) --bin;
  while (bin < bins - 1 && x >= edges[bin + 1]) ++bin;
  return bin;
}

}  // namespace quantlens
