// Test support for the nn operators: random tensors and naive loops straight from the ONNX definitions.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/graph/attributes.h"
#include "core/tensor/tensor.h"

namespace quantlens::testing {

inline Tensor randomTensor(const Shape& shape, uint32_t seed, float low = -1.0f, float high = 1.0f) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> distribution(low, high);
  Tensor tensor(DataType::Float32, shape);
  for (float& v : tensor.values<float>()) v = distribution(generator);
  return tensor;
}

inline std::string listText(const std::vector<int64_t>& values) { return shapeToString(values); }

// The window parameters of a convolution or pooling case, expanded to every spatial axis.
struct Window {
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides;
  std::vector<int64_t> dilations;
  std::vector<int64_t> pads;  // begins, then ends
};

// Calls visit(index) for every multi-index of `extents` in row-major order.
template <class Visit>
void forEachIndex(const std::vector<int64_t>& extents, Visit&& visit) {
  std::vector<int64_t> index(extents.size(), 0);
  for (int64_t e : extents)
    if (e == 0) return;
  while (true) {
    visit(index);
    size_t axis = extents.size();
    while (axis > 0) {
      --axis;
      if (++index[axis] < extents[axis]) break;
      index[axis] = 0;
      if (axis == 0) return;
    }
    if (extents.empty()) return;
  }
}

inline int64_t flatIndex(const std::vector<int64_t>& index, const std::vector<int64_t>& extents) {
  int64_t flat = 0;
  for (size_t i = 0; i < extents.size(); ++i) flat = flat * extents[i] + index[i];
  return flat;
}

// Output extent of a sliding window: floor (or ceil) of (in + pads − receptive field) / s, plus 1.
// With ceilMode a window starting in the end padding is dropped (PyTorch's rule).
inline int64_t windowOutputExtent(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                                  int64_t padBegin, int64_t padEnd, bool ceilMode = false) {
  const int64_t span = in + padBegin + padEnd - ((kernel - 1) * dilation + 1);
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= in + padBegin) --out;
  return out;
}

inline std::vector<int64_t> windowOutputExtents(const std::vector<int64_t>& in, const Window& win,
                                                bool ceilMode = false) {
  const size_t rank = in.size();
  std::vector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i)
    out[i] = windowOutputExtent(in[i], win.kernel[i], win.strides[i], win.dilations[i], win.pads[i],
                                win.pads[i + rank], ceilMode);
  return out;
}

// The image position read by tap k of window o along every axis; false when any axis falls outside.
inline bool tapPosition(const std::vector<int64_t>& o, const std::vector<int64_t>& k, const Window& win,
                        const std::vector<int64_t>& in, std::vector<int64_t>& position) {
  for (size_t i = 0; i < in.size(); ++i) {
    position[i] = o[i] * win.strides[i] - win.pads[i] + k[i] * win.dilations[i];
    if (position[i] < 0 || position[i] >= in[i]) return false;
  }
  return true;
}

inline Shape imageShape(int64_t batch, int64_t channels, const std::vector<int64_t>& extents) {
  Shape shape{batch, channels};
  shape.insert(shape.end(), extents.begin(), extents.end());
  return shape;
}

// ONNX Conv, straight from its definition:
// y[n][m][o] = b[m] + Σ_{c < C/G} Σ_k w[m][c][k] · x[n][g(m)·C/G + c][o·s − pad + k·d] (0 outside).
inline Tensor naiveConv(const Tensor& x, const Tensor& w, const Tensor* b, const Window& win,
                        int64_t groups) {
  const int64_t batch = x.dim(0), channels = x.dim(1), filters = w.dim(0), perGroup = w.dim(1);
  const std::vector<int64_t> in(x.shape().begin() + 2, x.shape().end());
  const std::vector<int64_t> out = windowOutputExtents(in, win);
  Tensor y(DataType::Float32, imageShape(batch, filters, out));
  const float* xd = x.data<float>();
  const float* wd = w.data<float>();
  float* yd = y.data<float>();
  const int64_t filtersPerGroup = filters / groups, kernelVolume = elementCount(win.kernel);
  std::vector<int64_t> position(in.size());
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t m = 0; m < filters; ++m)
      forEachIndex(out, [&](const std::vector<int64_t>& o) {
        double sum = b ? b->data<float>()[m] : 0.0;
        for (int64_t c = 0; c < perGroup; ++c) {
          const int64_t channel = (m / filtersPerGroup) * perGroup + c;
          forEachIndex(win.kernel, [&](const std::vector<int64_t>& k) {
            if (!tapPosition(o, k, win, in, position)) return;
            sum += double{wd[(m * perGroup + c) * kernelVolume + flatIndex(k, win.kernel)]} *
                   xd[(n * channels + channel) * elementCount(in) + flatIndex(position, in)];
          });
        }
        yd[(n * filters + m) * elementCount(out) + flatIndex(o, out)] = static_cast<float>(sum);
      });
  return y;
}

// ONNX ConvTranspose with explicit begin pads and output extents:
// y[n][g·M/G + m][i·s − padBegin + k·d] += x[n][g·C/G + c][i] · w[g·C/G + c][m][k], from b (or 0).
inline Tensor naiveConvTranspose(const Tensor& x, const Tensor& w, const Tensor* b, const Window& win,
                                 int64_t groups, const std::vector<int64_t>& outExtents) {
  const int64_t batch = x.dim(0), channels = x.dim(1), perGroup = w.dim(1);
  const int64_t filters = perGroup * groups, channelsPerGroup = channels / groups;
  const std::vector<int64_t> in(x.shape().begin() + 2, x.shape().end());
  std::vector<double> sums(static_cast<size_t>(batch * filters * elementCount(outExtents)), 0.0);
  const float* xd = x.data<float>();
  const float* wd = w.data<float>();
  const int64_t kernelVolume = elementCount(win.kernel), outPlane = elementCount(outExtents);
  std::vector<int64_t> position(in.size());
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t m = 0; m < perGroup; ++m) {
        const int64_t filter = (c / channelsPerGroup) * perGroup + m;
        forEachIndex(in, [&](const std::vector<int64_t>& i) {
          forEachIndex(win.kernel, [&](const std::vector<int64_t>& k) {
            // The ConvTranspose output is the image of the convolution it transposes.
            if (!tapPosition(i, k, win, outExtents, position)) return;
            sums[static_cast<size_t>((n * filters + filter) * outPlane + flatIndex(position, outExtents))] +=
                double{xd[(n * channels + c) * elementCount(in) + flatIndex(i, in)]} *
                wd[(c * perGroup + m) * kernelVolume + flatIndex(k, win.kernel)];
          });
        });
      }
  Tensor y(DataType::Float32, imageShape(batch, filters, outExtents));
  float* yd = y.data<float>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t f = 0; f < filters; ++f)
      for (int64_t o = 0; o < outPlane; ++o) {
        const auto at = static_cast<size_t>((n * filters + f) * outPlane + o);
        yd[at] = static_cast<float>(sums[at] + (b ? b->data<float>()[f] : 0.0));
      }
  return y;
}

enum class PoolKind { Max, Average, AverageIncludingPad };

// MaxPool / AveragePool over windows clipped to the image (max, average) or to the padded image
// (AverageIncludingPad counts pad cells as zeros); `indices` gets MaxPool's row-major flat index.
inline Tensor naivePool(const Tensor& x, const Window& win, PoolKind kind, bool ceilMode,
                        std::vector<int64_t>* indices = nullptr) {
  const int64_t planes = x.dim(0) * x.dim(1);
  const std::vector<int64_t> in(x.shape().begin() + 2, x.shape().end());
  const std::vector<int64_t> out = windowOutputExtents(in, win, ceilMode);
  const size_t rank = in.size();
  Tensor y(DataType::Float32, imageShape(x.dim(0), x.dim(1), out));
  const float* xd = x.data<float>();
  float* yd = y.data<float>();
  if (indices) indices->clear();
  std::vector<int64_t> position(rank);
  for (int64_t p = 0; p < planes; ++p)
    forEachIndex(out, [&](const std::vector<int64_t>& o) {
      double sum = 0.0;
      float best = 0.0f;
      int64_t bestAt = -1, inside = 0, padded = 0;
      forEachIndex(win.kernel, [&](const std::vector<int64_t>& k) {
        bool inPadded = true;
        for (size_t i = 0; i < rank; ++i) {
          const int64_t at = o[i] * win.strides[i] - win.pads[i] + k[i] * win.dilations[i];
          if (at < -win.pads[i] || at >= in[i] + win.pads[i + rank]) inPadded = false;
        }
        padded += inPadded ? 1 : 0;
        if (!tapPosition(o, k, win, in, position)) return;
        const int64_t flat = p * elementCount(in) + flatIndex(position, in);
        ++inside;
        sum += xd[flat];
        if (bestAt < 0 || xd[flat] > best) {
          best = xd[flat];
          bestAt = flat;
        }
      });
      float value = 0.0f;
      if (kind == PoolKind::Max)
        value = best;
      else if (kind == PoolKind::Average)
        value = static_cast<float>(sum / static_cast<double>(inside));
      else
        value = static_cast<float>(sum / static_cast<double>(padded));
      yd[p * elementCount(out) + flatIndex(o, out)] = value;
      if (indices) indices->push_back(bestAt);
    });
  return y;
}

// Runs `body`, expecting an Error of `kind` whose message contains `fragment`.
template <class Body>
void expectError(Body&& body, ErrorKind kind, const std::string& fragment) {
  try {
    body();
    ADD_FAILURE() << "expected an error containing '" << fragment << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

inline Attributes windowAttributes(const Window& win) {
  Attributes attributes;
  attributes.set("kernel_shape", win.kernel);
  attributes.set("strides", win.strides);
  attributes.set("dilations", win.dilations);
  attributes.set("pads", win.pads);
  return attributes;
}

}  // namespace quantlens::testing
