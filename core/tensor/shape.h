// Tensor shapes: dimension lists and the arithmetic on them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quantlens {

using Shape = std::vector<int64_t>;

int64_t elementCount(const Shape& shape);
// "[1, 3, 224, 224]"
std::string shapeToString(const Shape& shape);
// Row-major strides in elements.
std::vector<int64_t> stridesOf(const Shape& shape);
// Resolves a possibly negative axis against `rank`; returns -1 when out of range.
int64_t normalizeAxis(int64_t axis, int64_t rank);

}  // namespace quantlens
