"""The message catalogue: every code a problem or a field error carries, in English and
Chinese, with {params} filled from the error's own parameters.

Schemas raise `message(code, **params)`: a str (English, so logs and older clients read
as before) that remembers its code and params, so that errors.py can answer it in the
client's language and list it in `invalid_params`, and the web pages can translate by code
(`GET /api/v1/messages` serves this catalogue). Pure: no Flask, no database.
"""
from marshmallow import fields

LANGUAGES = ("en", "zh")

CATALOGUE = {
    # problem codes: one per kind of error, the default `detail` of each
    "bad_request": {"en": "The request cannot be read.", "zh": "无法读取该请求。"},
    "invalid_json": {"en": "The body is not valid JSON (NaN, Infinity, out-of-range numbers, lone surrogates "
                           "and nesting deeper than {max_depth} levels are not allowed).",
                     "zh": "请求体不是有效的 JSON（不允许 NaN、Infinity、超出范围的数字、孤立代理字符，"
                           "嵌套不得超过 {max_depth} 层）。"},
    "unauthorized": {"en": "Sign in first: send a bearer token.", "zh": "请先登录：需提供 Bearer 令牌。"},
    "forbidden": {"en": "This account may not do that.", "zh": "此账号无权执行该操作。"},
    "not_found": {"en": "Nothing is found at this address.", "zh": "此地址下没有内容。"},
    "record_not_found": {"en": "No record {id} in the scope of this account.",
                         "zh": "此账号范围内没有编号为 {id} 的记录。"},
    "method_not_allowed": {"en": "This address does not take {method}.", "zh": "此地址不支持 {method} 方法。"},
    "not_acceptable": {"en": "None of the accepted media types can be answered.",
                       "zh": "无法以所接受的任何媒体类型作答。"},
    "conflict": {"en": "The request conflicts with what is stored.", "zh": "请求与已存储的内容冲突。"},
    "precondition_failed": {"en": "The record has changed since it was read.", "zh": "记录在读取后已被修改。"},
    "payload_too_large": {"en": "The body is larger than {limit} bytes.", "zh": "请求体超过 {limit} 字节的上限。"},
    "batch_too_large": {"en": "A batch holds at most {limit} records; this one has {count}.",
                        "zh": "每批最多 {limit} 条记录，此批有 {count} 条。"},
    "unsupported_media_type": {"en": "Send the body as {accepted}, not {media_type}.",
                               "zh": "请求体须为 {accepted}，而不是 {media_type}。"},
    "validation_failed": {"en": "The request has invalid fields: {fields}.", "zh": "请求中以下字段无效：{fields}。"},
    "rate_limited": {"en": "Too many attempts; try again later.", "zh": "尝试次数过多，请稍后再试。"},
    "unavailable": {"en": "The database cannot be reached; try again in {retry_after} seconds.",
                    "zh": "暂时无法连接数据库，请 {retry_after} 秒后重试。"},
    "server_error": {"en": "The server failed; the error is logged.", "zh": "服务器出错，错误已记录。"},
    "csrf_failed": {"en": "The page's CSRF token is missing or wrong; reload the page.",
                    "zh": "页面的 CSRF 令牌缺失或不正确，请刷新页面。"},
    # field codes: what is wrong with one field (the `code` of an invalid_params item)
    "invalid": {"en": "Invalid value.", "zh": "值无效。"},
    "required": {"en": "Missing data for required field.", "zh": "缺少必填字段。"},
    "null": {"en": "Field may not be null.", "zh": "此字段不能为 null。"},
    "unknown_field": {"en": "Unknown field.", "zh": "未知字段。"},
    "not_a_number": {"en": "Not a valid number.", "zh": "不是有效的数字。"},
    "not_an_integer": {"en": "Not a valid integer.", "zh": "不是有效的整数。"},
    "number_out_of_range": {"en": "Number too large.", "zh": "数字过大。"},
    "not_a_string": {"en": "Not a valid string.", "zh": "不是有效的字符串。"},
    "not_a_boolean": {"en": "Not a valid boolean.", "zh": "不是有效的布尔值。"},
    "not_a_date": {"en": "Not a valid date.", "zh": "不是有效的日期（YYYY-MM-DD）。"},
    "not_a_uuid": {"en": "Not a valid UUID.", "zh": "不是有效的 UUID。"},
    "not_an_object": {"en": "Not a valid mapping type.", "zh": "应为 JSON 对象。"},
    "not_a_list": {"en": "Not a valid list.", "zh": "应为列表。"},
    "too_small": {"en": "Must be at least {min}.", "zh": "不能小于 {min}。"},
    "too_large": {"en": "Must be at most {max}.", "zh": "不能大于 {max}。"},
    "too_short": {"en": "Must be at least {min} characters long.", "zh": "长度不能少于 {min} 个字符。"},
    "too_long": {"en": "Must be at most {max} characters long.", "zh": "长度不能超过 {max} 个字符。"},
    "not_one_of": {"en": "Must be one of: {choices}.", "zh": "必须是以下之一：{choices}。"},
    "pattern_mismatch": {"en": "Not a valid {what}.", "zh": "不是有效的{what}。"},
    "nul_character": {"en": "Text may not contain the NUL character (\\u0000).",
                      "zh": "文本中不能包含 NUL 字符（\\u0000）。"},
    "date_in_future": {"en": "Date is in the future.", "zh": "日期不能晚于今天。"},
    "date_too_early": {"en": "Date is before {min}.", "zh": "日期不能早于 {min}。"},
    "exceeds": {"en": "{field} ({value}) cannot exceed {other} ({other_value}).",
                "zh": "{field}（{value}）不能大于 {other}（{other_value}）。"},
    "parts_sum": {"en": "{field} parts add up to {total}, not {other} ({other_value}).",
                  "zh": "{field} 各项之和为 {total}，与 {other}（{other_value}）不符。"},
    "rejection_needs_reason": {"en": "A rejection needs a reason.", "zh": "退回必须填写理由。"},
    "plot_required": {"en": "A plot outline is required for {indicator}.", "zh": "{indicator} 必须提供地块边界。"},
    "bbox_format": {"en": "Expected minLon,minLat,maxLon,maxLat with min ≤ max.",
                    "zh": "应为 最小经度,最小纬度,最大经度,最大纬度，且最小值 ≤ 最大值。"},
}

# what `pattern_mismatch` names, in both languages
PATTERN_NAMES = {
    "town_code": {"en": "9- or 12-digit town code", "zh": "9 位或 12 位镇街代码"},
    "unit_code": {"en": "unit code (6 or 9 digits)", "zh": "单位代码（6 位或 9 位）"},
    "county_code": {"en": "6-digit county code", "zh": "6 位区县代码"},
    "username": {"en": "username (3–64 letters, digits or _ . @ -)", "zh": "用户名（3–64 位字母、数字或 _ . @ -）"},
}


class Message(str):
    """An English message that knows its code and params (see the module docstring)."""

    code: str
    params: dict

    def __new__(cls, code, params):
        text = render(code, params, "en")
        self = super().__new__(cls, text)
        self.code, self.params = code, params
        return self

    def __reduce__(self):
        return Message, (self.code, self.params)


def message(code, **params):
    return Message(code, params)


def _param_text(value, language):
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render(code, params, language):
    templates = CATALOGUE[code]
    params = dict(params)
    if code == "pattern_mismatch":
        params["what"] = PATTERN_NAMES.get(params.get("what"), {}).get(language, params.get("what"))
    return templates[language].format_map({k: _param_text(v, language) for k, v in params.items()})


# marshmallow's own fixed messages (fields the schemas use without a validator of ours)
_MARSHMALLOW_CODES = {
    fields.Field.default_error_messages["required"]: "required",
    fields.Field.default_error_messages["null"]: "null",
    "Unknown field.": "unknown_field",
    fields.Number.default_error_messages["invalid"]: "not_a_number",
    fields.Number.default_error_messages["too_large"]: "number_out_of_range",
    fields.Integer.default_error_messages["invalid"]: "not_an_integer",
    fields.String.default_error_messages["invalid"]: "not_a_string",
    fields.Boolean.default_error_messages["invalid"]: "not_a_boolean",
    fields.UUID.default_error_messages["invalid_uuid"]: "not_a_uuid",
    "Not a valid date.": "not_a_date",
    fields.Mapping.default_error_messages["invalid"]: "not_an_object",
    fields.List.default_error_messages["invalid"]: "not_a_list",
    "Invalid input type.": "not_an_object",
}


def coded(text):
    """(code, params) of a field error: its own, or a marshmallow message's, or `invalid`."""
    if isinstance(text, Message):
        return text.code, text.params
    return _MARSHMALLOW_CODES.get(text, "invalid"), {}


def localise(text, language):
    """A field error or detail in the given language (text without a code stays as it is)."""
    if isinstance(text, Message):
        return render(text.code, text.params, language)
    code = _MARSHMALLOW_CODES.get(text)
    return render(code, {}, language) if code and language != "en" else str(text)


def catalogue():
    return {code: dict(templates) for code, templates in CATALOGUE.items()}
