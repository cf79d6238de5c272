// Parses numbers the way owners type them: Arabic, Chinese, and mixed.
// Pure functions; thread-safe; never throw.
#pragma once
#include <optional>
#include <string_view>

namespace intake::text {

// The whole of `normalized` (output of normalizer::for_matching: half-width, no spaces at the ends)
// must be one number, else std::nullopt. Accepts: 35, 1,200, 1200.5, 三十五, 一百零五, 两百, 一千二 (1200),
// 两万五 (25000), 一百一 (110), 十五, 二零二零 / 二〇二〇 (2020), 一二三 (123), 幺三八 (138), 廿五, 卅,
// 壹佰贰拾 (financial numerals), 五点五 (5.5), 1.2万 (12000), 3万5千 (35000), 一亿五 (1.5e8), 两千零八,
// 5千, 20万. Rejects empty input, signs, several numbers, letters and anything else.
std::optional<double> parse_number(std::string_view normalized);

}  // namespace intake::text
