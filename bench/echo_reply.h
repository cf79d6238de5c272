// The fixed body the bare HTTP server (bench_ws_echo) answers every POST with, and the load client
// expects from it: about the size of a short passive WeChat reply.
#pragma once

namespace intake::bench {

inline constexpr const char* http_echo_body =
    "<xml><ToUserName><![CDATA[oBench]]></ToUserName><FromUserName><![CDATA[gh_bench]]></FromUserName>"
    "<CreateTime>1583028000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[好的，下面请您逐项填写企业遇到的困难。]]></Content></xml>";

}  // namespace intake::bench
