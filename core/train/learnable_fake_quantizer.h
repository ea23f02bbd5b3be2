// PyTorch's _LearnableFakeQuantize module for QAT: fake quantization whose scale and zero point
// are parameters the optimizer trains (LSQ), started from PTQ qparams.
#pragma once

#include <memory>
#include <vector>

#include "core/quant/clip_range.h"
#include "core/quant/qparams.h"
#include "core/train/learnable_fake_quantize.h"
#include "core/train/value_quantizer.h"

namespace quantlens {

class LearnableFakeQuantizer : public ValueQuantizer {
public:
  // `initial` holds integer per-tensor or per-channel qparams. Affine schemes learn the zero point
  // too; symmetric ones keep theirs (0 or the unsigned midpoint), so the trained qparams stay
  // symmetric for export and integer kernels (PyTorch would let it drift). With gradScaling the
  // gradients are scaled by 1/sqrt(numel · qmax) (use_grad_scaling, LSQ's g).
  explicit LearnableFakeQuantizer(const QParams& initial, bool gradScaling = true);

  // As _LearnableFakeQuantize.forward with the observer off: the scale is clamped to ≥ eps,
  // then learnableFakeQuantize. The gradients of the parameters restart from zero here.
  Tensor forward(const Tensor& x) override;
  // dX by the STE; dScale (and dZeroPoint when learned) added to scaleGrad()/zeroPointGrad().
  Tensor backward(const Tensor& dy) override;

  // The parameters and their gradients, one entry per slot, for the optimizer.
  Tensor& scale() { return m_scale; }
  Tensor& zeroPoint() { return m_zeroPoint; }
  const Tensor& scaleGrad() const { return m_scaleGrad; }
  const Tensor& zeroPointGrad() const { return m_zeroPointGrad; }
  bool learnsZeroPoint() const { return !m_scheme.symmetric; }

  // The qparams now: the scale as trained, the zero point rounded half to even and clamped to
  // [qmin, qmax] (what the forward uses); ranges() the real ranges they represent,
  // [(qmin − zp)·s, (qmax − zp)·s].
  QParams qparams() const;
  std::vector<ClipRange> ranges() const;

  // A quantizer for a tensor sharing these qparams: it fakes with these parameters, keeps its own
  // saved input and adds its gradients to these.
  std::unique_ptr<ValueQuantizer> makeSharer();

private:
  class Sharer;
  LearnableQParams params(const Tensor& x);
  void accumulate(const LearnableFakeQuantGrads& grads);

  QuantScheme m_scheme;
  bool m_gradScaling;
  Tensor m_scale, m_zeroPoint, m_scaleGrad, m_zeroPointGrad;
  Tensor m_input;  // of the last forward
};

}  // namespace quantlens
