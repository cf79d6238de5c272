#include "bot/channels/wechat_xml.h"

#include <catch2/catch.hpp>

#include <string>

using namespace intake::channels;

namespace {

xml_error error_of(std::string_view body, std::size_t max_bytes = default_max_xml_bytes) {
  return parse_wechat_xml(body, max_bytes).error;
}

}  // namespace

TEST_CASE("A text message parses into named members and fields", "[wechat]") {
  const auto result = parse_wechat_xml(
      "<xml><ToUserName><![CDATA[gh_account]]></ToUserName>\n"
      "<FromUserName><![CDATA[openid]]></FromUserName>\n"
      "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType>\n"
      "<Content><![CDATA[this is a test\n第二行]]></Content><MsgId>6054768590064713728</MsgId></xml>");
  REQUIRE(result.error == xml_error::none);
  REQUIRE(result.message);
  const auto& m = *result.message;
  CHECK(m.to_user == "gh_account");
  CHECK(m.from_user == "openid");
  CHECK(m.create_time == 1348831860);
  CHECK(m.msg_type == "text");
  CHECK(m.content == "this is a test\n第二行");
  CHECK(m.msg_id == "6054768590064713728");
  CHECK(m.event.empty());
  CHECK(m.encrypt.empty());
  CHECK(m.fields.size() == 6);
}

TEST_CASE("Values parse as plain text or CDATA, numbers included, in any order", "[wecom]") {
  // The 2016 WeCom sample has no CDATA at all; other senders wrap numbers in CDATA.
  const auto plain = parse_wechat_xml(
      "<xml><AgentID>1000002</AgentID><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun"
      "</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
      "<MsgId>1456453720</MsgId></xml>");
  REQUIRE(plain.message);
  CHECK(plain.message->content == "你好");
  CHECK(plain.message->agent_id == "1000002");
  CHECK(plain.message->create_time == 1476422779);

  const auto cdata = parse_wechat_xml(
      "<xml>\n  <CreateTime><![CDATA[ 1476422779 ]]></CreateTime>\n  <MsgId><![CDATA[1456453720]]></MsgId>\n"
      "  <MsgType>  <![CDATA[video]]>  </MsgType>\n</xml>");
  REQUIRE(cdata.message);
  CHECK(cdata.message->create_time == 1476422779);
  CHECK(cdata.message->msg_id == "1456453720");
  CHECK(cdata.message->msg_type == "video");

  const auto not_a_number = parse_wechat_xml("<xml><CreateTime>soon</CreateTime></xml>");
  REQUIRE(not_a_number.message);
  CHECK(not_a_number.message->create_time == 0);
  CHECK(not_a_number.message->fields.at("CreateTime") == "soon");
}

TEST_CASE("An event keeps Event and EventKey as sent", "[wechat]") {
  const auto result = parse_wechat_xml(
      "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>"
      "<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event>"
      "<EventKey><![CDATA[EVENTKEY]]></EventKey></xml>");
  REQUIRE(result.message);
  CHECK(result.message->event == "CLICK");
  CHECK(result.message->event_key == "EVENTKEY");
}

TEST_CASE("A compatible-mode body gives both the plaintext fields and Encrypt", "[wechat]") {
  const auto result = parse_wechat_xml(
      "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Content><![CDATA[abcdteT]]></Content>"
      "<Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+Lr==]]></Encrypt></xml>");
  REQUIRE(result.message);
  CHECK(result.message->encrypt == "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+Lr==");
  CHECK(result.message->content == "abcdteT");
}

TEST_CASE("Nested elements keep their parent's own text, and a repeated element keeps the first", "[wechat]") {
  const auto result = parse_wechat_xml(
      "<xml><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[m1]]></MediaId></Video>"
      "<Content>first</Content><Content>second</Content></xml>");
  REQUIRE(result.message);
  CHECK(result.message->fields.at("Video").empty());
  CHECK(result.message->fields.count("MediaId") == 0);
  CHECK(result.message->content == "first");
}

TEST_CASE("Predefined escapes decode, and an undeclared entity is never expanded", "[wechat]") {
  const auto result =
      parse_wechat_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><!-- note --><Content>a &amp; b &lt;c&gt; "
                       "&#x4E2D;&#25991; &xxe;</Content></xml>");
  REQUIRE(result.message);
  CHECK(result.message->content == "a & b <c> 中文 &xxe;");
}

TEST_CASE("DOCTYPE and ENTITY declarations are refused, XXE and entity bombs included", "[wechat][wecom]") {
  const char* payloads[] = {
      "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<xml><ToUserName>a</ToUserName><Content>&xxe;</Content></xml>",
      "<!DOCTYPE xml [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
      "<xml><Content>&lol2;</Content></xml>",
      "<!doctype xml SYSTEM \"http://attacker.example/evil.dtd\"><xml><Content>x</Content></xml>",
      "<!DocType xml><xml/>",
      "<xml><!ENTITY x \"y\"><Content>x</Content></xml>",
      "<xml><Content><![CDATA[<!EnTiTy inside CDATA]]></Content></xml>",
  };
  for (const char* payload : payloads) {
    INFO(payload);
    const auto result = parse_wechat_xml(payload);
    CHECK(result.error == xml_error::doctype);
    CHECK_FALSE(result.message);
  }
}

TEST_CASE("Invalid UTF-8 is refused", "[wechat]") {
  CHECK(error_of("<xml><Content>\xFF</Content></xml>") == xml_error::invalid_utf8);
  CHECK(error_of("<xml><Content>\xC0\xAF</Content></xml>") == xml_error::invalid_utf8);  // overlong '/'
  CHECK(error_of("<xml><Content>\xE4\xB8</Content></xml>") == xml_error::invalid_utf8);  // cut short
  CHECK(error_of("<xml><Content>\xED\xA0\x80</Content></xml>") == xml_error::invalid_utf8);  // surrogate
  CHECK(error_of("<xml><Content>&#xD800;</Content></xml>") == xml_error::invalid_utf8);  // surrogate by reference
  CHECK(error_of("<xml><Content>中文 😀</Content></xml>") == xml_error::none);
}

TEST_CASE("A body over the size limit is refused before parsing", "[wechat]") {
  const std::string head = "<xml><Content>";
  const std::string tail = "</Content></xml>";
  const std::string body = head + std::string(default_max_xml_bytes - head.size() - tail.size(), 'x') + tail;
  REQUIRE(body.size() == default_max_xml_bytes);
  CHECK(error_of(body) == xml_error::none);
  CHECK(error_of(body + " ") == xml_error::too_large);
  CHECK(error_of("<xml></xml>", 10) == xml_error::too_large);
  CHECK(error_of("<xml></xml>", 11) == xml_error::none);
  // The size check comes first: an oversize attack body is not even scanned.
  CHECK(error_of("<!DOCTYPE x><xml></xml>\xFF", 5) == xml_error::too_large);
}

TEST_CASE("Malformed XML is refused", "[wechat]") {
  const std::string_view bodies[] = {
      "",
      "   ",
      "not xml at all",
      "<xml><Content>unclosed</xml>",
      "<xml><Content>x</Content>",
      "<xml><Content>x</content></xml>",
      "<xml><Content><![CDATA[x]></Content></xml>",
      "<xml></xml><xml></xml>",
      "<xml></xml>trailing text",
      "leading text<xml></xml>",
      "<xml></xml><![CDATA[x]]>",
      "<xml><Content a=\"1></Content></xml>",
      "{\"encrypt\":\"abc\"}",
      std::string_view("<xml><Content>a\0b</Content></xml>", 33),
  };
  for (const auto body : bodies) {
    INFO("body '" << body << "'");
    const auto result = parse_wechat_xml(body);
    CHECK(result.error == xml_error::malformed);
    CHECK_FALSE(result.message);
  }
}

TEST_CASE("A well-formed body whose root is not <xml> is refused", "[wechat]") {
  CHECK(error_of("<message><Content>x</Content></message>") == xml_error::not_a_message);
  CHECK(error_of("<XML><Content>x</Content></XML>") == xml_error::not_a_message);
  CHECK(error_of("<html><body/></html>") == xml_error::not_a_message);
  CHECK(error_of("<xml/>") == xml_error::none);
  CHECK(error_of("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<xml/>\n<!-- after -->\n") == xml_error::none);  // BOM
}

TEST_CASE("Every parse error has a name", "[wechat]") {
  for (auto error : {xml_error::none, xml_error::too_large, xml_error::invalid_utf8, xml_error::doctype,
                     xml_error::malformed, xml_error::not_a_message}) {
    CHECK_FALSE(to_string(error).empty());
  }
  CHECK(to_string(xml_error::doctype) != to_string(xml_error::malformed));
}

TEST_CASE("The text reply has the documented shape", "[wechat]") {
  CHECK(render_text_reply("openid", "gh_account", 1700000000, "你好\n欢迎") ==
        "<xml><ToUserName><![CDATA[openid]]></ToUserName>\n"
        "<FromUserName><![CDATA[gh_account]]></FromUserName>\n"
        "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>\n"
        "<Content><![CDATA[你好\n欢迎]]></Content></xml>");
}

TEST_CASE("A reply whose content holds the CDATA terminator round-trips through render and parse", "[wechat]") {
  const std::string tricky[] = {"]]>", "a]]>b", "]]>]]>", "]]]>>", "x]]", "]]", "<![CDATA[nested]]>", "end]]>"};
  for (const auto& content : tricky) {
    INFO("content '" << content << "'");
    const auto xml = render_text_reply("open]]>id", "gh", 1, content);
    const auto parsed = parse_wechat_xml(xml);
    REQUIRE(parsed.message);
    CHECK(parsed.message->content == content);
    CHECK(parsed.message->to_user == "open]]>id");
    CHECK(parsed.message->msg_type == "text");
    CHECK(parsed.message->create_time == 1);
  }
  CHECK(render_text_reply("u", "g", 1, "a]]>b").find("<![CDATA[a]]]]><![CDATA[>b]]>") != std::string::npos);
}

TEST_CASE("A reply drops what XML cannot carry and replaces invalid UTF-8", "[wechat]") {
  const std::string content = std::string("tab\tnl\ncr\rnul", 14) + '\0' + "\x01\x1F|\xEF\xBF\xBF|\xFF";
  const auto xml = render_text_reply("u", "g", 1, content);
  const auto parsed = parse_wechat_xml(xml);
  REQUIRE(parsed.message);
  // The parser normalises \r to \n (XML end-of-line handling); tab and line feed pass as they are.
  CHECK(parsed.message->content == "tab\tnl\ncr\nnul||\xEF\xBF\xBD");
}

TEST_CASE("The encrypted reply envelope is byte-exact", "[wechat][wecom]") {
  CHECK(render_encrypted_reply("ENC+/=", "sig", 1411525903, "461056294") ==
        "<xml>\n<Encrypt><![CDATA[ENC+/=]]></Encrypt>\n<MsgSignature><![CDATA[sig]]></MsgSignature>\n"
        "<TimeStamp>1411525903</TimeStamp>\n<Nonce><![CDATA[461056294]]></Nonce>\n</xml>");
  // A nonce comes from the request's query: whatever it holds, the envelope still parses.
  const auto parsed = parse_wechat_xml(render_encrypted_reply("E", "S", 1, "n]]><x>"));
  REQUIRE(parsed.message);
  CHECK(parsed.message->fields.at("Nonce") == "n]]><x>");
  CHECK(parsed.message->encrypt == "E");
}
