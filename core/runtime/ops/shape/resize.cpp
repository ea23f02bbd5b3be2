// Resize (opset 13, plus opset 18's axes and keep_aspect_ratio_policy and opset 19's
// half_pixel_symmetric): nearest and linear modes over any number of axes. Both are separable,
// so the tensor is resized one axis at a time. Cubic and tf_crop_and_resize are refused.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {
namespace {

enum class Transform { HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric, TfHalfPixelForNearest };
enum class Rounding { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };

Transform parseTransform(const OpContext& context, const std::string& name) {
  if (name == "half_pixel") return Transform::HalfPixel;
  if (name == "half_pixel_symmetric") return Transform::HalfPixelSymmetric;
  if (name == "pytorch_half_pixel") return Transform::PytorchHalfPixel;
  if (name == "align_corners") return Transform::AlignCorners;
  if (name == "asymmetric") return Transform::Asymmetric;
  // "tf_half_pixel_for_nn" is opset 11's name for it (normalizeOpsets() renames it).
  if (name == "tf_half_pixel_for_nearest" || name == "tf_half_pixel_for_nn") return Transform::TfHalfPixelForNearest;
  if (name == "tf_crop_and_resize")
    throw context.unsupported("coordinate_transformation_mode 'tf_crop_and_resize' is not supported");
  throw context.error("coordinate_transformation_mode '" + name + "' is not an ONNX mode");
}

Rounding parseRounding(const OpContext& context, const std::string& name) {
  if (name == "round_prefer_floor") return Rounding::RoundPreferFloor;
  if (name == "round_prefer_ceil") return Rounding::RoundPreferCeil;
  if (name == "floor") return Rounding::Floor;
  if (name == "ceil") return Rounding::Ceil;
  throw context.error("nearest_mode '" + name + "' is not an ONNX mode");
}

// The input coordinate output position x maps to. `scale` is the one given (or out/in for
// sizes); like the ONNX reference, align_corners and the "one output" tests use the unrounded
// output length scale·in, which differs from the integer length when scales are given.
double originalCoordinate(Transform transform, double x, double scale, int64_t inLength, int64_t outLength) {
  const double resized = scale * static_cast<double>(inLength);
  switch (transform) {
    case Transform::HalfPixel: return (x + 0.5) / scale - 0.5;
    case Transform::HalfPixelSymmetric: {
      // Opset 19: half_pixel shifted so the rounding of the output length is spread evenly.
      const double adjustment = static_cast<double>(outLength) / resized;
      const double center = static_cast<double>(inLength) / 2;
      return center * (1 - adjustment) + (x + 0.5) / scale - 0.5;
    }
    case Transform::PytorchHalfPixel: return outLength > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
    case Transform::AlignCorners: return resized == 1 ? 0.0 : x * static_cast<double>(inLength - 1) / (resized - 1);
    case Transform::Asymmetric: return x / scale;
    case Transform::TfHalfPixelForNearest: return (x + 0.5) / scale;
  }
  return x;
}

int64_t nearestIndex(Rounding rounding, double coordinate, int64_t inLength) {
  const double lower = std::floor(coordinate);
  const double fraction = coordinate - lower;
  double picked = lower;
  switch (rounding) {
    case Rounding::RoundPreferFloor: picked = fraction > 0.5 ? lower + 1 : lower; break;
    case Rounding::RoundPreferCeil: picked = fraction >= 0.5 ? lower + 1 : lower; break;
    case Rounding::Floor: picked = lower; break;
    case Rounding::Ceil: picked = std::ceil(coordinate); break;
  }
  // Positions outside the input read its edge, as the reference's edge padding does.
  return std::clamp(static_cast<int64_t>(picked), int64_t{0}, inLength - 1);
}

// The input viewed as [outer, length, inner] around the axis being resized.
struct AxisLayout {
  int64_t outer = 1;
  int64_t inLength = 0;
  int64_t outLength = 0;
  int64_t inner = 1;
};

AxisLayout layoutOf(const Shape& shape, size_t axis, int64_t outLength) {
  AxisLayout layout;
  for (size_t d = 0; d < axis; ++d) layout.outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d) layout.inner *= shape[d];
  layout.inLength = shape[axis];
  layout.outLength = outLength;
  return layout;
}

// Nearest along one axis: whole [inner] blocks are copied, so any element type works.
Tensor resizeNearestAxis(const Tensor& in, size_t axis, const std::vector<int64_t>& sources) {
  Shape shape = in.shape();
  const AxisLayout layout = layoutOf(shape, axis, static_cast<int64_t>(sources.size()));
  shape[axis] = layout.outLength;
  Tensor out(in.dtype(), std::move(shape));
  const int64_t blockBytes = layout.inner * static_cast<int64_t>(elementSize(in.dtype()));
  std::byte* dst = out.rawData();
  for (int64_t o = 0; o < layout.outer; ++o) {
    const std::byte* row = in.rawData() + o * layout.inLength * blockBytes;
    for (int64_t source : sources) {
      std::memcpy(dst, row + source * blockBytes, static_cast<size_t>(blockBytes));
      dst += blockBytes;
    }
  }
  return out;
}

struct LinearTap {
  int64_t low;
  int64_t high;
  double weight;  // of `high`; 1 − weight goes to `low`
};

// Linear along one axis, in double so chaining axes adds no float32 rounding between them.
std::vector<double> resizeLinearAxis(const std::vector<double>& in, const AxisLayout& layout,
                                     const std::vector<LinearTap>& taps) {
  std::vector<double> out(static_cast<size_t>(layout.outer * layout.outLength * layout.inner));
  double* dst = out.data();
  for (int64_t o = 0; o < layout.outer; ++o) {
    const double* row = in.data() + o * layout.inLength * layout.inner;
    for (const LinearTap& tap : taps) {
      const double* low = row + tap.low * layout.inner;
      const double* high = row + tap.high * layout.inner;
      for (int64_t i = 0; i < layout.inner; ++i) dst[i] = low[i] + tap.weight * (high[i] - low[i]);
      dst += layout.inner;
    }
  }
  return out;
}

}  // namespace

void resizeKernel(OpContext& context) {
  const Tensor& x = context.input(0);
  const Attributes& attributes = context.attributes();
  const int64_t rank = x.rank();
  if (context.inputCount() == 2 && context.opset() < 11)
    throw context.error("has the opset-10 inputs (X, scales); run normalizeOpsets() on the graph first");

  const std::string mode = attributes.getString("mode", "nearest");
  if (mode == "cubic") throw context.unsupported("mode 'cubic' is not supported");
  if (mode != "nearest" && mode != "linear") throw context.error("mode '" + mode + "' is not an ONNX mode");
  const bool linear = mode == "linear";
  const Transform transform =
      parseTransform(context, attributes.getString("coordinate_transformation_mode", "half_pixel"));
  const Rounding rounding = parseRounding(context, attributes.getString("nearest_mode", "round_prefer_floor"));
  const std::string policy = attributes.getString("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller")
    throw context.error("keep_aspect_ratio_policy '" + policy + "' is not an ONNX policy");

  std::vector<int64_t> axes(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d) axes[static_cast<size_t>(d)] = d;
  if (attributes.has("axes")) axes = resolveAxes(context, attributes.getInts("axes"), rank);

  // Opset 11 required a scales input even with sizes, so an empty tensor counts as absent.
  const Tensor* scalesInput = context.optionalInput(2);
  if (scalesInput && scalesInput->numel() == 0) scalesInput = nullptr;
  const Tensor* sizesInput = context.optionalInput(3);
  if (sizesInput && sizesInput->numel() == 0) sizesInput = nullptr;
  if ((scalesInput != nullptr) == (sizesInput != nullptr))
    throw context.error("exactly one of scales and sizes must be given");

  std::vector<double> scales(static_cast<size_t>(rank), 1.0);
  Shape outShape = x.shape();
  if (scalesInput) {
    if (!isFloatingPoint(scalesInput->dtype()))
      throw context.error("scales must be floating point but have type " +
                          std::string(dataTypeName(scalesInput->dtype())));
    const std::vector<float> given = scalesInput->toFloatVector();
    if (given.size() != axes.size())
      throw context.error("scales has " + std::to_string(given.size()) + " values for " + std::to_string(axes.size()) +
                          " axes of an input of shape " + shapeToString(x.shape()));
    for (size_t i = 0; i < axes.size(); ++i) {
      if (!(given[i] > 0)) throw context.error("scale " + std::to_string(given[i]) + " is not positive");
      const auto axis = static_cast<size_t>(axes[i]);
      scales[axis] = given[i];
      outShape[axis] = static_cast<int64_t>(std::floor(static_cast<double>(x.shape()[axis]) * given[i]));
    }
  } else {
    const std::vector<int64_t> sizes = readIntegerList(context, 3, "sizes");
    if (sizes.size() != axes.size())
      throw context.error("sizes " + listToString(sizes) + " has " + std::to_string(sizes.size()) + " values for " +
                          std::to_string(axes.size()) + " axes of an input of shape " + shapeToString(x.shape()));
    for (size_t i = 0; i < axes.size(); ++i) {
      if (sizes[i] <= 0 || x.shape()[static_cast<size_t>(axes[i])] <= 0)
        throw context.error("cannot resize " + shapeToString(x.shape()) + " to sizes " + listToString(sizes));
      scales[static_cast<size_t>(axes[i])] =
          static_cast<double>(sizes[i]) / static_cast<double>(x.shape()[static_cast<size_t>(axes[i])]);
    }
    if (policy == "stretch") {
      for (size_t i = 0; i < axes.size(); ++i) outShape[static_cast<size_t>(axes[i])] = sizes[i];
    } else {
      // One scale for every listed axis, the largest that fits (not_larger) or the smallest that
      // covers (not_smaller) the requested sizes; each length is then rounded half up.
      double common = scales[static_cast<size_t>(axes[0])];
      for (int64_t axis : axes)
        common = policy == "not_larger" ? std::min(common, scales[static_cast<size_t>(axis)])
                                        : std::max(common, scales[static_cast<size_t>(axis)]);
      for (int64_t axis : axes) {
        const auto a = static_cast<size_t>(axis);
        scales[a] = common;
        outShape[a] = static_cast<int64_t>(std::floor(common * static_cast<double>(x.shape()[a]) + 0.5));
      }
    }
  }
  for (size_t d = 0; d < outShape.size(); ++d)
    if (outShape[d] > 0 && x.shape()[d] == 0)
      throw context.error("cannot resize the empty axis " + std::to_string(d) + " of " + shapeToString(x.shape()));

  if (linear && attributes.getInt("antialias", 0) != 0 &&
      std::any_of(scales.begin(), scales.end(), [](double s) { return s < 1; }))
    throw context.unsupported("antialiased linear downsampling is not supported");
  if (linear && !isFloatingPoint(x.dtype()))
    throw context.unsupported("linear mode on " + std::string(dataTypeName(x.dtype())) + " input is not supported");

  if (elementCount(outShape) == 0) {
    context.setOutput(0, Tensor(x.dtype(), outShape));
    return;
  }

  Tensor current;              // nearest mode: the tensor resized so far
  std::vector<double> values;  // linear mode: the same, in double
  if (linear) {
    if (x.dtype() == DataType::Float64) values.assign(x.data<double>(), x.data<double>() + x.numel());
    else values.assign(x.data<float>(), x.data<float>() + x.numel());
  } else {
    current = x;
  }
  Shape currentShape = x.shape();
  for (size_t axis = 0; axis < outShape.size(); ++axis) {
    const int64_t inLength = currentShape[axis];
    const int64_t outLength = outShape[axis];
    if (linear) {
      std::vector<LinearTap> taps;
      bool identity = inLength == outLength;
      for (int64_t j = 0; j < outLength; ++j) {
        const double c = originalCoordinate(transform, static_cast<double>(j), scales[axis], inLength, outLength);
        const double lower = std::floor(c);
        const auto low = static_cast<int64_t>(lower);
        LinearTap tap{std::clamp(low, int64_t{0}, inLength - 1), std::clamp(low + 1, int64_t{0}, inLength - 1),
                      c - lower};
        identity = identity && ((tap.low == j && tap.weight == 0) || (tap.low == tap.high && tap.low == j));
        taps.push_back(tap);
      }
      if (identity) continue;
      values = resizeLinearAxis(values, layoutOf(currentShape, axis, outLength), taps);
    } else {
      std::vector<int64_t> sources;
      bool identity = inLength == outLength;
      for (int64_t j = 0; j < outLength; ++j) {
        const double c = originalCoordinate(transform, static_cast<double>(j), scales[axis], inLength, outLength);
        sources.push_back(nearestIndex(rounding, c, inLength));
        identity = identity && sources.back() == j;
      }
      if (identity) continue;
      current = resizeNearestAxis(current, axis, sources);
    }
    currentShape[axis] = outLength;
  }

  if (!linear) {
    context.setOutput(0, std::move(current));
    return;
  }
  Tensor out(x.dtype(), outShape);
  if (x.dtype() == DataType::Float64) {
    std::copy(values.begin(), values.end(), out.data<double>());
  } else {
    std::transform(values.begin(), values.end(), out.data<float>(), [](double v) { return static_cast<float>(v); });
  }
  context.setOutput(0, std::move(out));
}

}  // namespace quantlens
