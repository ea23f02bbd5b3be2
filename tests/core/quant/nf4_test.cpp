// NF4 codes (bitsandbytes) and 4-bit packing: the [replica] block of REFERENCE-SEMANTICS §5,
// ties to the lower code, and both nibble orders.
#include "core/quant/nf4.h"

#include <cmath>
#include <limits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/quant/nibble_packing.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;

TEST(Nf4, EncodesTheReplicaBlockAndPacksTheFirstCodeHigh) {
  // REFERENCE-SEMANTICS §5 [replica]: absmax 1, codes [12,0,7,11,5,15,7,6], bytes [0xc0,0x7b,0x5f,0x76].
  const float block[] = {0.5f, -1, 0.02f, 0.3f, -0.2f, 0.9f, 0, -0.05f};
  std::vector<uint8_t> codes;
  for (float x : block) codes.push_back(encodeNf4(x * (1.0f / 1.0f)));
  EXPECT_THAT(codes, ElementsAre(12, 0, 7, 11, 5, 15, 7, 6));
  EXPECT_THAT(packNibbles(codes, NibbleOrder::FirstHigh), ElementsAre(0xc0, 0x7b, 0x5f, 0x76));
  EXPECT_EQ(unpackNibbles(packNibbles(codes, NibbleOrder::FirstHigh), codes.size(), NibbleOrder::FirstHigh), codes);
}

TEST(Nf4, EveryCodeValueEncodesToItself) {
  for (uint8_t code = 0; code < 16; ++code) EXPECT_EQ(encodeNf4(decodeNf4(code)), code);
}

TEST(Nf4, SendsTiesToTheLowerCode) {
  // dQuantizeNF4 compares with strict '>': a value equal to a threshold stays below it.
  for (uint8_t code = 0; code < 15; ++code) {
    const float threshold =
        static_cast<float>((static_cast<double>(kNf4Values[code]) + kNf4Values[code + 1]) / 2.0);
    EXPECT_EQ(encodeNf4(threshold), code) << "threshold " << threshold;
    EXPECT_EQ(encodeNf4(std::nextafter(threshold, 2.0f)), code + 1) << "threshold " << threshold;
  }
  // e.g. bitsandbytes' literal 0.8614784181118011f between 0.7229568 (code 14) and 1.0 (code 15).
  EXPECT_EQ(encodeNf4(0.8614784181118011f), 14);
}

TEST(Nf4, SendsNanToCodeZeroLikeTheDecisionTree) {
  EXPECT_EQ(encodeNf4(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(encodeNf4(5.0f), 15);
  EXPECT_EQ(encodeNf4(-5.0f), 0);
}

TEST(NibblePacking, PutsTheFirstCodeLowForOnnxInt4) {
  // ORT pack_bytes_to_4bit / ONNX INT4: element 2k in the low nibble; an odd tail is zero-padded.
  const uint8_t codes[] = {1, 2, 3};
  EXPECT_THAT(packNibbles(codes, NibbleOrder::FirstLow), ElementsAre(0x21, 0x03));
  EXPECT_THAT(unpackNibbles(packNibbles(codes, NibbleOrder::FirstLow), 3, NibbleOrder::FirstLow), ElementsAre(1, 2, 3));
  // Signed int4 codes keep their two's-complement low nibble: -1 → 0xF, -8 → 0x8.
  const uint8_t signedCodes[] = {static_cast<uint8_t>(-1), static_cast<uint8_t>(-8)};
  EXPECT_THAT(packNibbles(signedCodes, NibbleOrder::FirstLow), ElementsAre(0x8f));
}

}  // namespace
}  // namespace quantlens
