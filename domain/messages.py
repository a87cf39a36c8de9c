"""The message catalogue: every code a problem or a field error carries, in English and
Chinese, with {params} filled from the error's own parameters.

Schemas raise `message(code, **params)`: a str (English, so logs and older clients read
as before) that remembers its code and params, so that errors.py can answer it in the
client's language and list it in `invalid_params`, and the web pages can translate by code
(`GET /api/v1/messages` serves this catalogue). Pure: no Flask, no database, no
marshmallow (schemas/messages.py maps marshmallow's own messages to these codes).
"""

from functools import cache
from typing import Any

LANGUAGES = ("en", "zh")

CATALOGUE = {
    # problem codes: one per kind of error, the default `detail` of each
    "bad_request": {"en": "The request cannot be read.", "zh": "无法读取该请求。"},
    "invalid_json": {
        "en": "The body is not valid JSON (NaN, Infinity, out-of-range numbers, lone surrogates "
        "and nesting deeper than {max_depth} levels are not allowed).",
        "zh": "请求体不是有效的 JSON（不允许 NaN、Infinity、超出范围的数字、孤立代理字符，"
        "嵌套不得超过 {max_depth} 层）。",
    },
    "unauthorized": {"en": "Sign in first: send a bearer token.", "zh": "请先登录：需提供 Bearer 令牌。"},
    "forbidden": {"en": "This account may not do that.", "zh": "此账号无权执行该操作。"},
    "not_found": {"en": "Nothing is found at this address.", "zh": "此地址下没有内容。"},
    "record_not_found": {
        "en": "No record {id} in the scope of this account.",
        "zh": "此账号范围内没有编号为 {id} 的记录。",
    },
    "method_not_allowed": {"en": "This address does not take {method}.", "zh": "此地址不支持 {method} 方法。"},
    "not_acceptable": {
        "en": "None of the accepted media types can be answered.",
        "zh": "无法以所接受的任何媒体类型作答。",
    },
    "conflict": {"en": "The request conflicts with what is stored.", "zh": "请求与已存储的内容冲突。"},
    "precondition_failed": {"en": "The record has changed since it was read.", "zh": "记录在读取后已被修改。"},
    "payload_too_large": {"en": "The body is larger than {limit} bytes.", "zh": "请求体超过 {limit} 字节的上限。"},
    "batch_too_large": {
        "en": "A batch holds at most {limit} records; this one has {count}.",
        "zh": "每批最多 {limit} 条记录，此批有 {count} 条。",
    },
    "unsupported_media_type": {
        "en": "Send the body as {accepted}, not {media_type}.",
        "zh": "请求体须为 {accepted}，而不是 {media_type}。",
    },
    "validation_failed": {"en": "The request has invalid fields: {fields}.", "zh": "请求中以下字段无效：{fields}。"},
    "rate_limited": {"en": "Too many attempts; try again later.", "zh": "尝试次数过多，请稍后再试。"},
    "unavailable": {
        "en": "The database cannot be reached; try again in {retry_after} seconds.",
        "zh": "暂时无法连接数据库，请 {retry_after} 秒后重试。",
    },
    "server_error": {"en": "The server failed; the error is logged.", "zh": "服务器出错，错误已记录。"},
    "csrf_failed": {
        "en": "The page's CSRF token is missing or wrong; reload the page.",
        "zh": "页面的 CSRF 令牌缺失或不正确，请刷新页面。",
    },
    "role_forbidden": {"en": "The role {role} may not do this.", "zh": "角色 {role} 无权执行此操作。"},
    "unit_out_of_scope": {
        "en": "Unit {unit} is outside the scope of this account.",
        "zh": "单位 {unit} 不在此账号的管辖范围内。",
    },
    "town_out_of_scope": {
        "en": "Town {town} is outside the scope of this account.",
        "zh": "镇 {town} 不在本账号的范围内。",
    },
    "sign_in_failed": {
        "en": "Unknown username, wrong password or inactive account.",
        "zh": "用户名不存在、密码错误或账号已停用。",
    },
    "approved_record_locked": {
        "en": "The record is approved; only a county reviewer or city admin can correct it now.",
        "zh": "记录已通过审核，现在只有区县审核员或市管理员可以更正。",
    },
    "review_not_pending": {
        "en": "The record is {status}; only pending records are reviewed.",
        "zh": "记录状态为 {status}，只有待审核的记录可以审核。",
    },
    "client_id_conflict": {
        "en": "A record with this client_id exists with different content: {fields}.",
        "zh": "已存在相同 client_id 但内容不同的记录：{fields}。",
    },
    "batch_shape": {"en": 'Expected {{"records": [...]}}.', "zh": '请求体应为 {{"records": [...]}}。'},
    "username_taken": {"en": "The username {username} is taken.", "zh": "用户名 {username} 已被占用。"},
    "account_not_found": {"en": "No account {username}.", "zh": "没有账号 {username}。"},
    "unit_not_found": {"en": "No unit {code}.", "zh": "没有代码为 {code} 的单位。"},
    "gone": {
        "en": "This export's file has been removed; ask for the export again.",
        "zh": "该导出文件已删除，请重新申请导出。",
    },
    "export_job_not_found": {"en": "No export job {id} of this account.", "zh": "此账号没有编号为 {id} 的导出任务。"},
    "export_not_ready": {
        "en": "The export is {state}; its file comes when it is done.",
        "zh": "导出任务状态为 {state}，完成后才能下载文件。",
    },
    "cursor_invalid": {
        "en": "Not a cursor of this service; follow the next link of a page.",
        "zh": "不是本服务的分页游标，请使用分页的 next 链接。",
    },
    "cursor_other_sort": {"en": "This cursor pages in sort={sort}.", "zh": "此游标用于 sort={sort} 的分页。"},
    "offset_too_deep": {
        "en": "Pages end {max} items deep; follow the next links (cursor=) to read further.",
        "zh": "按页码最多读到第 {max} 条，请使用 next 链接（cursor=）继续读取。",
    },
    # concurrent edits and sign-in throttling (issue 11, items 3 and 6)
    "revision_stale": {
        "en": "The record has changed since revision {sent}; it is at revision {current} now. "
        "Reload it and apply the change again.",
        "zh": "记录在修订版本 {sent} 之后已被修改，当前为修订版本 {current}。请重新加载后再修改。",
    },
    "edit_race_lost": {
        "en": "Another change to this record was saved while this one was being made; it is at "
        "revision {current} now. Reload it and apply the change again.",
        "zh": "在本次修改进行期间，此记录已被另一次修改保存，当前为修订版本 {current}。请重新加载后再修改。",
    },
    "signin_throttled": {
        "en": "Too many failed sign-ins; try again in {retry_after} s.",
        "zh": "登录失败次数过多，请 {retry_after} 秒后再试。",
    },
    "password_change_required": {
        "en": "This account has a temporary password: choose your own first (POST /api/v1/auth/password).",
        "zh": "此账号正在使用临时密码，请先设置自己的密码（POST /api/v1/auth/password）。",
    },
    "current_password_wrong": {"en": "The current password is wrong.", "zh": "当前密码不正确。"},
    "password_unchanged": {"en": "Choose a password other than the current one.", "zh": "新密码不能与当前密码相同。"},
    "accounts_forbidden": {"en": "The role {role} does not manage accounts.", "zh": "角色 {role} 不能管理账号。"},
    "manage_forbidden": {
        "en": "A county reviewer manages only the town officers of its own county.",
        "zh": "县级审核员只能管理本县的镇级填报员账号。",
    },
    "plan_not_found": {"en": "No plan {plan}.", "zh": "没有规划 {plan}。"},
    "plan_code_reserved": {
        "en": "default is the address of the default plan, not a plan code.",
        "zh": "default 是默认规划的地址，不能用作规划代码。",
    },
    "plan_unknown": {
        "en": "No plan {plan}; GET /api/v1/plans lists them.",
        "zh": "没有规划 {plan}，可用 GET /api/v1/plans 查看全部规划。",
    },
    "import_approve_forbidden": {
        "en": "Only a county reviewer or city admin may import records as approved.",
        "zh": "只有县（区）审核员或市管理员可以导入为已审核通过。",
    },
    "ledger_empty": {"en": "The file is empty.", "zh": "文件为空。"},
    "ledger_old_xls": {
        "en": "This is an old Excel .xls (or another Office binary) file: save it as .xlsx "
        "(Excel workbook) or CSV and upload again.",
        "zh": "这是旧版 Excel .xls（或其他 Office 二进制）文件：请另存为 .xlsx 或 CSV 后重新上传。",
    },
    "ledger_bad_zip": {
        "en": "The file is not a readable XLSX workbook (a damaged zip).",
        "zh": "文件不是可读取的 XLSX 工作簿（压缩包已损坏）。",
    },
    "ledger_unpacks_too_large": {
        "en": "The workbook unpacks to {unpacked} bytes, more than the limit of {limit}.",
        "zh": "工作簿解压后为 {unpacked} 字节，超过 {limit} 字节的上限。",
    },
    "ledger_not_a_workbook": {"en": "The zip file is not an XLSX workbook.", "zh": "该压缩文件不是 XLSX 工作簿。"},
    "ledger_unreadable_workbook": {
        "en": "The file is not a readable XLSX workbook ({what}).",
        "zh": "文件不是可读取的 XLSX 工作簿（{what}）。",
    },
    "ledger_unreadable_sheet": {
        "en": "The workbook's first sheet cannot be read after row {row} ({what}).",
        "zh": "工作簿第一张工作表在第 {row} 行之后无法读取（{what}）。",
    },
    "ledger_utf16": {
        "en": "The file is UTF-16 text: save the CSV as UTF-8 or GBK.",
        "zh": "文件是 UTF-16 文本：请将 CSV 另存为 UTF-8 或 GBK 编码。",
    },
    "ledger_not_text": {
        "en": "The file is neither an XLSX workbook nor CSV text in UTF-8 or GBK.",
        "zh": "文件既不是 XLSX 工作簿，也不是 UTF-8 或 GBK 编码的 CSV 文本。",
    },
    "ledger_nul_bytes": {
        "en": "The file holds NUL bytes: it is not CSV text (UTF-16 or a binary file?).",
        "zh": "文件含有 NUL 字节，不是 CSV 文本（可能是 UTF-16 或二进制文件）。",
    },
    "ledger_encoding_changes": {
        "en": "The CSV text is not valid {encoding} after line {line}: save the whole file as UTF-8.",
        "zh": "CSV 文本在第 {line} 行之后不是有效的 {encoding} 编码：请将整个文件另存为 UTF-8。",
    },
    "ledger_csv_error": {
        "en": "The CSV cannot be read at line {line}: {error}.",
        "zh": "CSV 第 {line} 行无法读取：{error}。",
    },
    "ledger_no_header": {"en": "The file has no header row (it holds no data).", "zh": "文件没有表头行（没有数据）。"},
    "ledger_duplicate_column": {
        "en": "Two columns hold {column}: {first} and {second}.",
        "zh": "两列都是{column}：{first} 和 {second}。",
    },
    "ledger_no_indicator": {
        "en": "Say which indicator the ledger holds: the indicator field of the form, or a column 指标 (indicator).",
        "zh": "请说明台账所属指标：填写表单的 indicator 字段，或在文件中加“指标”列。",
    },
    "ledger_missing_columns": {
        "en": "The ledger lacks the columns {columns}; the template (GET /api/v1/imports/template) has them all.",
        "zh": "台账缺少以下列：{columns}；模板（GET /api/v1/imports/template）包含全部列。",
    },
    "ledger_too_many_rows": {
        "en": "The ledger has more than {limit} rows: split it.",
        "zh": "台账超过 {limit} 行：请拆分后分别导入。",
    },
    "cell_control_chars": {"en": "Contains control characters (such as NUL).", "zh": "含有控制字符（如 NUL）。"},
    "cell_not_a_number": {"en": "Not a number: {text}.", "zh": "不是数字：{text}。"},
    "cell_not_finite": {"en": "Not a finite number.", "zh": "不是有限的数字。"},
    "cell_not_whole": {"en": "Not a whole number.", "zh": "不是整数。"},
    "cell_not_a_date": {
        "en": "Not a date: {text} (write 2024-05-06, 2024/5/6 or 2024年5月6日).",
        "zh": "不是日期：{text}（请写作 2024-05-06、2024/5/6 或 2024年5月6日）。",
    },
    "cell_no_such_day": {"en": "No such day: {text}.", "zh": "没有这一天：{text}。"},
    "cell_not_a_serial": {
        "en": "Not a date: {text} is no Excel date serial number.",
        "zh": "不是日期：{text} 不是 Excel 日期序号。",
    },
    "cell_unknown_indicator": {
        "en": "Unknown indicator {text}: use a code or Chinese name of GET /api/v1/indicators.",
        "zh": "未知指标 {text}：请填写 GET /api/v1/indicators 中的指标代码或中文名称。",
    },
    "cell_not_a_choice": {"en": "{text} is not one of {choices}.", "zh": "{text} 不是以下之一：{choices}。"},
    "cell_not_a_county": {"en": "{text} is not a county of Meizhou.", "zh": "{text} 不是梅州市的县（市、区）。"},
    "cell_ambiguous_town": {
        "en": "{text} is the name of towns in {counties}: add a county column (县（市、区）) or use the town code.",
        "zh": "{counties} 都有名为 {text} 的镇（街道）：请增加“县（市、区）”列或填写镇街代码。",
    },
    "cell_town_out_of_scope": {
        "en": "No town {text} within the scope of this account.",
        "zh": "本账号范围内没有 {text}。",
    },
    "cell_town_not_in_county": {
        "en": "No town {text} in {county} within the scope of this account.",
        "zh": "本账号范围内 {county} 没有 {text}。",
    },
    "cell_not_a_town": {
        "en": "{text} is not a town of Meizhou (use its name or 9-digit code).",
        "zh": "{text} 不是梅州市的镇（街道）（请填写名称或 9 位代码）。",
    },
    # the services' own problems (what they raise as domain errors: domain/errors.py)
    "in_place": {"en": "{where}: {detail}", "zh": "{where}：{detail}"},
    "unit_unknown": {"en": "Unknown unit {unit}.", "zh": "没有代码为 {unit} 的单位。"},
    "role_unit_level": {
        "en": "A {role} belongs to a {expected}, and {unit} is a {level}.",
        "zh": "角色 {role} 须属于 {expected} 级单位，而 {unit} 是 {level} 级单位。",
    },
    "target_rate_fraction": {
        "en": "{indicator} is a rate: send a fraction between 0 and 1 (90 % is 0.9).",
        "zh": "{indicator} 是比率：请填 0 到 1 之间的小数（90% 即 0.9）。",
    },
    "target_negative": {"en": "A target cannot be negative.", "zh": "目标值不能为负数。"},
    "target_repeated": {
        "en": "{where} repeats {indicator} for {unit} in year {year}.",
        "zh": "{where} 重复了 {unit} 在 {year} 年的 {indicator} 目标。",
    },
    "target_year_outside_plan": {
        "en": "{where}.year {year} lies outside the plan ({first}–{last}).",
        "zh": "{where}.year {year} 不在规划期内（{first}–{last}）。",
    },
    "no_plan_loaded": {
        "en": "No plan is loaded: run `flask --app wsgi seed`.",
        "zh": "尚未载入任何规划：请运行 `flask --app wsgi seed`。",
    },
    "not_xlsx": {"en": "The body is not an XLSX workbook.", "zh": "请求体不是 XLSX 工作簿。"},
    "workbook_no_sheet": {
        "en": "The workbook has no sheet {sheet}; download the template (GET /api/v1/plans/{{code}}?format=xlsx).",
        "zh": "工作簿没有工作表 {sheet}；请下载模板（GET /api/v1/plans/{{code}}?format=xlsx）。",
    },
    "town_not_in_unit": {"en": "No town {town} in {unit}.", "zh": "{unit} 没有镇（街道）{town}。"},
    "correction_refused": {
        "en": "The correction cannot be accepted: {fields}",
        "zh": "无法接受此更正：{fields}",
    },
    "image_unreadable": {
        "en": "The body is not an image (JPEG, PNG, WebP or HEIC) that can be read.",
        "zh": "请求体不是可读取的图片（JPEG、PNG、WebP 或 HEIC）。",
    },
    "image_format_refused": {
        "en": "{format} images are not kept; send JPEG, PNG, WebP or HEIC.",
        "zh": "不保存 {format} 格式的图片，请发送 JPEG、PNG、WebP 或 HEIC。",
    },
    "image_corrupt": {"en": "The {format} image is truncated or corrupt.", "zh": "该 {format} 图片不完整或已损坏。"},
    "image_too_many_pixels": {
        "en": "The image has too many pixels; at most {limit} are accepted.",
        "zh": "图片像素过多，最多接受 {limit} 像素。",
    },
    "image_too_many_pixels.size": {
        "en": "The image has too many pixels ({width} × {height}); at most {limit} are accepted.",
        "zh": "图片像素过多（{width} × {height}），最多接受 {limit} 像素。",
    },
    "attachment_id_not_uuid": {
        "en": "The attachment id must be a UUID chosen by the phone.",
        "zh": "附件编号必须是手机生成的 UUID。",
    },
    "photo_media_type": {
        "en": "Send the photo's bytes with an image/… media type, not {media_type}.",
        "zh": "请以 image/… 媒体类型发送照片，而不是 {media_type}。",
    },
    "photo_empty": {"en": "The body is empty; send the photo's bytes.", "zh": "请求体为空，请发送照片内容。"},
    "photo_too_large": {"en": "A photo may have at most {max_bytes} bytes.", "zh": "照片最多 {max_bytes} 字节。"},
    "photos_too_many": {
        "en": "A record holds at most {limit} photos; this one has {count}.",
        "zh": "每条记录最多 {limit} 张照片，此记录已有 {count} 张。",
    },
    "photos_locked": {
        "en": "The record is approved; its photos can no longer change.",
        "zh": "记录已通过审核，其照片不能再更改。",
    },
    "attachment_other_record": {
        "en": "This attachment id belongs to a photo of another record.",
        "zh": "此附件编号属于另一条记录的照片。",
    },
    "attachment_id_taken": {
        "en": "Another photo is stored under this attachment id; choose a new id for new bytes.",
        "zh": "此附件编号下已存有另一张照片；新的照片请使用新的编号。",
    },
    "photo_not_found": {"en": "Record {record} has no photo {photo}.", "zh": "记录 {record} 没有照片 {photo}。"},
    "photo_bytes_unavailable": {
        "en": "The photo's bytes are not available right now.",
        "zh": "照片内容暂时无法读取。",
    },
    "photo_delete_forbidden": {
        "en": "Only the officer who posted a photo, or a reviewer, may delete it.",
        "zh": "只有上传照片的填报员或审核员可以删除照片。",
    },
    # the views' own problems (what is purely HTTP stays in the views, its words are here)
    "crs_not_epsg": {
        "en": "crs must be EPSG:<code>, e.g. EPSG:4548, not {text}.",
        "zh": "crs 须为 EPSG:<代码>，例如 EPSG:4548，而不是 {text}。",
    },
    "epsg_unknown": {
        "en": "EPSG:{epsg} is not a coordinate reference system PROJ knows.",
        "zh": "EPSG:{epsg} 不是 PROJ 所知的坐标参考系。",
    },
    "crs_not_2d": {
        "en": "EPSG:{epsg} ({name}) is not a 2-D geographic or projected CRS.",
        "zh": "EPSG:{epsg}（{name}）不是二维地理或投影坐标系。",
    },
    "crs_misses_meizhou": {
        "en": "EPSG:{epsg} ({name}) cannot express coordinates in Meizhou.",
        "zh": "EPSG:{epsg}（{name}）无法表示梅州市的坐标。",
    },
    "format_wgs84_only": {
        "en": "{format_name} is WGS84 (EPSG:4326) by its own standard; it cannot be written in EPSG:{epsg}. "
        "Leave out crs or use another format.",
        "zh": "{format_name} 按其标准只用 WGS84（EPSG:4326），不能以 EPSG:{epsg} 写出。请去掉 crs 或换用其他格式。",
    },
    "encoding_shapefile_only": {
        "en": "encoding={encoding} applies to Shapefile exports only; {format} is always UTF-8.",
        "zh": "encoding={encoding} 只适用于 Shapefile 导出；{format} 始终为 UTF-8。",
    },
    "not_a_plan_code": {"en": "Not a plan code: {reason}", "zh": "不是规划代码：{reason}"},
    "body_not_object": {"en": "The body must be a JSON object.", "zh": "请求体必须是 JSON 对象。"},
    "plan_invalid_fields": {"en": "The plan has invalid fields: {fields}", "zh": "规划中以下字段无效：{fields}"},
    "summary_not_acceptable": {
        "en": "Summaries come as application/json, text/csv or {xlsx}; or ask with format=json|csv|xlsx.",
        "zh": "汇总只提供 application/json、text/csv 或 {xlsx}；也可用 format=json|csv|xlsx 指定。",
    },
    "level_above_unit": {
        "en": "Unit {unit} is a {unit_level}; it has no {level} to summarise.",
        "zh": "单位 {unit} 是 {unit_level} 级，没有可汇总的 {level} 级单位。",
    },
    "boundary_towns_only": {
        "en": "Only town boundaries are uploaded; county boundaries ship with the service.",
        "zh": "只能上传镇（街道）边界；县级边界随服务提供。",
    },
    "ogc_unknown_params": {
        "en": "Unknown query parameter(s): {unknown}; this endpoint takes {allowed}.",
        "zh": "未知的查询参数：{unknown}；此接口接受 {allowed}。",
    },
    "ogc_invalid_filters": {"en": "Invalid filter(s): {fields}", "zh": "以下筛选条件无效：{fields}"},
    "ogc_anonymous_status": {
        "en": "Anonymous readers see approved records only; sign in with a bearer token to read records "
        "of another status.",
        "zh": "匿名读者只能看到已审核通过的记录；请使用 Bearer 令牌登录以读取其他状态的记录。",
    },
    "crs_unsupported": {
        "en": "{parameter}={uri} is not supported; use one of: {supported}.",
        "zh": "不支持 {parameter}={uri}；请使用以下之一：{supported}。",
    },
    "format_not_offered": {
        "en": "f={value} is not offered; use f=json or f=html.",
        "zh": "不提供 f={value}；请使用 f=json 或 f=html。",
    },
    "collection_not_found": {
        "en": "No collection {collection}; the collections are the indicator codes: {codes}.",
        "zh": "没有集合 {collection}；集合即指标代码：{codes}。",
    },
    "feature_not_found": {
        "en": "No feature {feature} in collection {collection} for this reader.",
        "zh": "此读者在集合 {collection} 中没有要素 {feature}。",
    },
    "cursor_too_long": {
        "en": "Not a cursor of this service (at most {max} characters).",
        "zh": "不是本服务的分页游标（最多 {max} 个字符）。",
    },
    "cursor_unreadable": {
        "en": "Not a cursor of this service; use the next link of a page.",
        "zh": "不是本服务的分页游标，请使用分页的 next 链接。",
    },
    "cursor_out_of_range": {"en": "The cursor's position is out of range.", "zh": "游标位置超出范围。"},
    "cursor_not_a_date": {"en": "The cursor's position is not a valid date.", "zh": "游标位置不是有效的日期。"},
    # field codes: what is wrong with one field (the `code` of an invalid_params item)
    "epsg_expected": {"en": "Expected EPSG:<code>.", "zh": "应为 EPSG:<代码>。"},
    "unknown_epsg": {"en": "Unknown EPSG code.", "zh": "未知的 EPSG 代码。"},
    "not_2d_crs": {"en": "Not a 2-D horizontal CRS.", "zh": "不是二维水平坐标系。"},
    "meizhou_outside_crs": {"en": "Meizhou lies outside this CRS.", "zh": "梅州市不在此坐标系范围内。"},
    "wgs84_only": {"en": "{format} is EPSG:4326 only.", "zh": "{format} 只支持 EPSG:4326。"},
    "not_for_format": {"en": "Not for this format.", "zh": "不适用于此格式。"},
    "level_at_most": {
        "en": "Must be {unit_level} or below for unit {unit}.",
        "zh": "单位 {unit} 只能汇总到 {unit_level} 级或以下。",
    },
    "unknown_parameter": {"en": "Unknown parameter.", "zh": "未知参数。"},
    "expected_integer": {"en": "expected an integer, got {text}.", "zh": "应为整数，而不是 {text}。"},
    "at_least": {"en": "must be at least {min}.", "zh": "不能小于 {min}。"},
    "ogc_offset_too_deep": {
        "en": "pages by offset end {max} features deep; follow the next links (cursor=) to read further.",
        "zh": "按 offset 分页最多读到第 {max} 个要素，请使用 next 链接（cursor=）继续读取。",
    },
    "cursor_and_offset": {
        "en": "a page is asked by cursor or by offset, not both.",
        "zh": "分页请使用 cursor 或 offset 之一，不能同时使用。",
    },
    "bbox_numbers": {
        "en": "expected 4 (or 6) comma-separated numbers in the axis order of bbox-crs.",
        "zh": "应为按 bbox-crs 坐标轴顺序、以逗号分隔的 4 个（或 6 个）数。",
    },
    "bbox_corners": {
        "en": "the lower corner comes first: min ≤ max on each axis.",
        "zh": "须先写左下角：每个坐标轴上最小值 ≤ 最大值。",
    },
    "not_a_datetime": {
        "en": "{text} is not an RFC 3339 date or date-time.",
        "zh": "{text} 不是 RFC 3339 格式的日期或日期时间。",
    },
    "interval_open": {"en": "an interval needs at least one end.", "zh": "区间至少需要一端。"},
    "interval_reversed": {"en": "the interval ends before it starts.", "zh": "区间的结束早于开始。"},
    "unsupported_crs": {"en": "Unsupported CRS.", "zh": "不支持的坐标系。"},
    "json_or_html": {"en": "Must be json or html.", "zh": "须为 json 或 html。"},
    "year_or_range": {"en": "Ask for a year or a date range, not both.", "zh": "请指定年份或日期范围，不能同时指定。"},
    "date_from_after_date_to": {"en": "date_from is after date_to.", "zh": "date_from 晚于 date_to。"},
    "monthly_needs_year": {
        "en": "Monthly figures are for a year; leave out date_from and date_to.",
        "zh": "月度数据按年份提供，请不要指定 date_from 和 date_to。",
    },
    "unknown_indicators": {"en": "Unknown indicator: {codes}", "zh": "未知指标：{codes}"},
    "no_indicator": {"en": "Name at least one indicator.", "zh": "请至少指定一个指标。"},
    "starts_after_ends": {"en": "starts_on is after ends_on.", "zh": "starts_on 晚于 ends_on。"},
    "from_after_to": {"en": "from must be before to.", "zh": "from 必须早于 to。"},
    "unknown_unit": {"en": "Unknown unit.", "zh": "单位不存在。"},
    "unit_level_for_role": {
        "en": "Must be a {expected} for role {role}.",
        "zh": "角色 {role} 须属于 {expected} 级单位。",
    },
    "not_a_fraction": {"en": "Must be a fraction between 0 and 1.", "zh": "须为 0 到 1 之间的小数。"},
    "negative": {"en": "Must be ≥ 0.", "zh": "不能小于 0。"},
    "given_twice": {"en": "Given twice.", "zh": "重复填写。"},
    "outside_plan_window": {"en": "Outside the plan's window.", "zh": "不在规划期内。"},
    "date_required": {"en": "A date is required.", "zh": "须填写日期。"},
    "too_many_rows": {"en": "More than {max} rows.", "zh": "超过 {max} 行。"},
    "not_an_image": {"en": "Not a readable image.", "zh": "不是可读取的图片。"},
    "image_truncated": {"en": "Truncated or corrupt image.", "zh": "图片不完整或已损坏。"},
    "too_many_pixels": {"en": "More than {max} pixels.", "zh": "超过 {max} 像素。"},
    "uuid_expected": {"en": "Not a UUID.", "zh": "不是 UUID。"},
    "empty": {"en": "Empty.", "zh": "为空。"},
    "too_many_photos": {"en": "More than {max} photos.", "zh": "超过 {max} 张照片。"},
    "not_a_town_of_meizhou": {"en": "{town} is not a town of Meizhou.", "zh": "{town} 不是梅州市的镇（街道）。"},
    "client_id_out_of_scope": {
        "en": "This client_id belongs to a record outside the scope of this account.",
        "zh": "此 client_id 属于本账号范围之外的记录。",
    },
    "invalid": {"en": "Invalid value.", "zh": "值无效。"},
    "required": {"en": "Missing data for required field.", "zh": "此项必填。"},
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
    "too_small": {"en": "Must be at least {min}.", "zh": "数值不能小于 {min}。"},
    "too_large": {"en": "Must be at most {max}.", "zh": "数值不能大于 {max}。"},
    "too_short": {"en": "Must be at least {min} characters long.", "zh": "长度不能少于 {min} 个字符。"},
    "too_long": {"en": "Must be at most {max} characters long.", "zh": "长度不能超过 {max} 个字符。"},
    "not_one_of": {"en": "Must be one of: {choices}.", "zh": "必须是以下之一：{choices}。"},
    "pattern_mismatch": {"en": "Not a valid {what}.", "zh": "不是有效的{what}。"},
    "immutable": {"en": "{field} cannot be changed.", "zh": "{field} 不能更改。"},
    "nul_character": {
        "en": "Text may not contain the NUL character (\\u0000).",
        "zh": "文本中不能包含 NUL 字符（\\u0000）。",
    },
    "date_in_future": {"en": "Date is in the future.", "zh": "日期不能晚于今天。"},
    "date_too_early": {"en": "Date is before {min}.", "zh": "日期不能早于 {min}。"},
    "exceeds": {
        "en": "{field} ({value}) cannot exceed {other} ({other_value}).",
        "zh": "{field}（{value}）不能超过{other}（{other_value}）。",
    },
    "exceeds_for_one_record": {
        "en": "{field} ({value}) cannot exceed {other} ({other_value}) for one record.",
        "zh": "同一条记录中，{field}（{value}）不能超过{other}（{other_value}）。",
    },
    "parts_sum": {
        "en": "{field} parts add up to {total}, not {other} ({other_value}).",
        "zh": "各项之和为 {total}，与{other}（{other_value}）不相等。",
    },
    "rejection_needs_reason": {"en": "A rejection needs a reason.", "zh": "退回必须填写理由。"},
    "plot_required": {"en": "A plot outline is required for {indicator}.", "zh": "{indicator} 必须提供地块边界。"},
    "bbox_format": {
        "en": "Expected minLon,minLat,maxLon,maxLat with min ≤ max.",
        "zh": "应为 最小经度,最小纬度,最大经度,最大纬度，且最小值 ≤ 最大值。",
    },
    # the geography checks (geo/): a GeometryError's code, worded with its params; a code
    # with several wordings names its wording in params["variant"] (the key "code.variant")
    "bad_coordinates": {"en": "{path} has invalid coordinates.", "zh": "{path}的坐标无效。"},
    "bad_coordinates.array": {
        "en": "{path} must be an array of {what}, got {got}",
        "zh": "{path}必须是{what}数组，而不是 {got}。",
    },
    "bad_coordinates.number": {"en": "{path} must be a number, got {got}", "zh": "{path}必须是数字，而不是 {got}。"},
    "bad_coordinates.position": {
        "en": "{path} must be a position [longitude, latitude], got {got}",
        "zh": "{path}必须是坐标 [经度, 纬度]，而不是 {got}。",
    },
    "bad_coordinates.nested": {
        "en": "{path} must be a number, got array: coordinates are nested too deeply",
        "zh": "{path}必须是数字而不是数组：坐标嵌套过深。",
    },
    "bad_coordinates.count": {
        "en": "{path} must have 2 or 3 numbers [longitude, latitude(, elevation)], got {count}",
        "zh": "{path}须有 2 或 3 个数 [经度, 纬度(, 高程)]，实际为 {count} 个。",
    },
    "bad_coordinates.latitude": {
        "en": "{path}: latitude {lat} is outside [-90, 90]",
        "zh": "{path}：纬度 {lat} 超出 [-90, 90] 的范围。",
    },
    "bad_coordinates.longitude": {
        "en": "{path}: longitude {lon} is outside [-180, 180]",
        "zh": "{path}：经度 {lon} 超出 [-180, 180] 的范围。",
    },
    "bad_coordinates.ring": {
        "en": "{path} must have at least 4 positions (a closed triangle), got {count}",
        "zh": "{path}至少需要 4 个坐标点（闭合的三角形，即至少 3 个拐点），实际为 {count} 个。",
    },
    "bad_coordinates.rings": {"en": "{path} must contain at least the outer ring", "zh": "{path}至少须包含外环。"},
    "bad_coordinates.polygons": {
        "en": "{path} must contain at least one polygon",
        "zh": "{path}至少须包含一个多边形。",
    },
    "bad_coordinates.missing": {"en": "{path} is missing", "zh": "缺少 {path}。"},
    "not_finite": {
        "en": "{path} must be a finite number, got {value}",
        "zh": "{path}必须是有限的数字，而不是 {value}。",
    },
    "not_finite.large": {"en": "{path} is too large to be a coordinate", "zh": "{path}太大，不能作为坐标。"},
    "bad_geometry_type": {
        "en": "{path} must be {expected}, got {got}",
        "zh": "{path}必须是 {expected}，而不是 {got}。",
    },
    "bad_geometry_type.object": {
        "en": "{path} must be a GeoJSON {expected} object, got {got}",
        "zh": "{path}必须是 GeoJSON {expected} 对象，而不是 {got}。",
    },
    "unclosed_ring": {
        "en": "{path} is not closed: the first position [{first}] must be repeated as the last, got [{last}]",
        "zh": "{path}未闭合：第一个坐标点 [{first}] 须在末尾重复，实际末尾为 [{last}]。",
    },
    "self_intersection": {
        "en": "{path} is not a valid polygon: {reason}",
        "zh": "{path}不是有效的多边形：边界自相交（{reason}）。请按顺序点击拐点，边界不要交叉。",
    },
    "invalid_geometry": {
        "en": "{path} is not a valid polygon: {reason}",
        "zh": "{path}不是有效的多边形（{reason}）。",
    },
    "too_many_vertices": {
        "en": "{path} has {count} positions; at most {max} are allowed",
        "zh": "{path}有 {count} 个坐标点，最多允许 {max} 个。",
    },
    "swapped_coordinates": {
        "en": "{path} has longitude and latitude swapped: GeoJSON order is [longitude, latitude]",
        "zh": "{path}的经度和纬度写反了：GeoJSON 的顺序是 [经度, 纬度]。",
    },
    "swapped_coordinates.range": {
        "en": "{path} has longitude and latitude swapped: latitude {lat} is out of range; "
        "GeoJSON order is [longitude, latitude]",
        "zh": "{path}的经度和纬度写反了：纬度 {lat} 超出范围；GeoJSON 的顺序是 [经度, 纬度]。",
    },
    "swapped_coordinates.city": {
        "en": "{path} has longitude and latitude swapped: GeoJSON order is [longitude, latitude], "
        "and swapped back it lies in Meizhou",
        "zh": "{path}的经度和纬度写反了：GeoJSON 的顺序是 [经度, 纬度]，交换后该点位于梅州市。",
    },
    "swapped_coordinates.part": {
        "en": "part {part} of {shape} has longitude and latitude swapped: GeoJSON order is "
        "[longitude, latitude], and swapped back it lies in Meizhou",
        "zh": "{shape}第 {part} 部分的经度和纬度写反了：GeoJSON 的顺序是 [经度, 纬度]，交换后位于梅州市。",
    },
    "swapped_coordinates.whole": {
        "en": "{shape} has longitude and latitude swapped: GeoJSON order is [longitude, latitude], "
        "and swapped back it lies in Meizhou",
        "zh": "{shape}的经度和纬度写反了：GeoJSON 的顺序是 [经度, 纬度]，交换后位于梅州市。",
    },
    "outside_meizhou": {
        "en": "{path} ({lon}, {lat}) is {distance} outside Meizhou City (Guangdong)",
        "zh": "{path}（{lon}, {lat}）在梅州市范围外 {distance}。",
    },
    "outside_meizhou.part": {
        "en": "part {part} of {shape} lies {distance} outside {county_name} (county {county}) and Meizhou City",
        "zh": "{shape}第 {part} 部分在{county_name}（{county}）及梅州市范围外 {distance}。",
    },
    "outside_meizhou.whole": {
        "en": "{shape} lies {distance} outside {county_name} (county {county}) and Meizhou City",
        "zh": "{shape}在{county_name}（{county}）及梅州市范围外 {distance}。",
    },
    "outside_county": {
        "en": "{path} is {distance} outside county {county}; it lies {relation} county {actual}",
        "zh": "{path}在{county_name}（{county}）边界外 {distance}；该点{relation}{actual_name}（{actual}）。",
    },
    "outside_county.part": {
        "en": "part {part} of {shape} lies {distance} outside {county_name} (county {county}); "
        "it lies {relation} county {actual}",
        "zh": "{shape}第 {part} 部分在{county_name}（{county}）边界外 {distance}；"
        "它{relation}{actual_name}（{actual}）。",
    },
    "outside_county.whole": {
        "en": "{shape} lies {distance} outside {county_name} (county {county}); it lies {relation} county {actual}",
        "zh": "{shape}在{county_name}（{county}）边界外 {distance}；它{relation}{actual_name}（{actual}）。",
    },
    "outside_town": {
        "en": "{path} is {distance} outside the town boundary",
        "zh": "{path}在本镇边界外 {distance}。",
    },
    "outside_town.part": {
        "en": "part {part} of {shape} lies {distance} outside the town boundary",
        "zh": "{shape}第 {part} 部分在本镇边界外 {distance}。",
    },
    "outside_town.whole": {
        "en": "{shape} lies {distance} outside the town boundary",
        "zh": "{shape}在本镇边界外 {distance}。",
    },
}

# what `pattern_mismatch` names, in both languages
PATTERN_NAMES = {
    "town_code": {"en": "9- or 12-digit town code", "zh": "9 位或 12 位镇街代码"},
    "unit_code": {"en": "unit code (6 or 9 digits)", "zh": "单位代码（6 位或 9 位）"},
    "county_code": {"en": "6-digit county code", "zh": "6 位区县代码"},
    "username": {"en": "username (3–64 letters, digits or _ . @ -)", "zh": "用户名（3–64 位字母、数字或 _ . @ -）"},
    # and the words of the geography checks' params (`what`, `shape`, `relation`)
    "linear rings": {"en": "linear rings", "zh": "线性环"},
    "positions": {"en": "positions", "zh": "坐标点"},
    "polygons": {"en": "polygons", "zh": "多边形"},
    "plot": {"en": "the plot", "zh": "地块"},
    "boundary": {"en": "the boundary", "zh": "边界"},
    "in": {"en": "in", "zh": "位于"},
    "nearest": {"en": "nearest to", "zh": "最接近"},
}
# params worded by PATTERN_NAMES
NAMED_PARAMS = ("what", "shape", "relation")
# the top-level fields a geography check's `path` starts with, in Chinese
PATH_NAMES_ZH = {"location": "位置", "geometry": "地块边界", "boundary": "边界"}


class Message(str):
    """An English message that knows its code and params (see the module docstring)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: dict[str, Any]) -> "Message":
        text = render(code, params, "en")
        self = super().__new__(cls, text)
        self.code, self.params = code, params
        return self

    def __reduce__(self) -> tuple[type["Message"], tuple[str, dict[str, Any]]]:
        return Message, (self.code, self.params)


def message(code: str, /, **params: Any) -> Message:
    return Message(code, params)


# params that name value fields: shown by their registry names in Chinese
FIELD_PARAMS = ("field", "other")


@cache
def _field_names_zh() -> dict[str, str]:
    from domain.indicators import INDICATORS  # here, not at the top: the registry may grow at run time

    return {spec.name: spec.name_zh for indicator in INDICATORS.values() for spec in indicator.fields}


def distance_text(metres: float | None, language: str) -> str:
    """A distance as the messages show it: "320 m", "1661.5 km", "far" (None: immeasurably far)."""
    if metres is None:
        return "很远" if language == "zh" else "far"
    if metres < 1000:
        return f"{metres:.0f} 米" if language == "zh" else f"{metres:.0f} m"
    return f"{metres / 1000:.1f} 公里" if language == "zh" else f"{metres / 1000:.1f} km"


def path_text(path: str, language: str) -> str:
    """A request-body path ("location", "geometry.coordinates[0]") as a message names it."""
    if language != "zh":
        return path
    head = path.split(".")[0].split("[")[0]
    name = PATH_NAMES_ZH.get(head)
    return path if name is None else name if path == head else f"{name}（{path}）"


def param_text(name: str, value: Any, language: str) -> str:
    """A param as the message shows it: a whole number without ".0", other numbers in
    their shortest exact form (as JavaScript's String(number) writes them too)."""
    if isinstance(value, Message):  # a message within a message (a row's, a cell's): in the same language
        return render(value.code, value.params, language)
    if name == "distance":
        return distance_text(value, language)
    if name == "path" and isinstance(value, str):
        return path_text(value, language)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if name in FIELD_PARAMS and language == "zh":
        return " − ".join(_field_names_zh().get(part, part) for part in str(value).split(" − "))
    if name in NAMED_PARAMS:
        return str(PATTERN_NAMES.get(value, {}).get(language, value))
    return str(value)


def template_key(code: str, params: dict[str, Any]) -> str:
    """The catalogue entry that words a code: "code.variant" when params name a variant."""
    variant = params.get("variant")
    return f"{code}.{variant}" if variant else code


def render(code: str, params: dict[str, Any], language: str) -> str:
    problems = params.get("problems")
    if isinstance(problems, list):  # several problems of one field (a plot's parts): each worded
        worded = [render(problem["code"], problem["params"], language) for problem in problems]
        if language == "zh":
            return "；".join(text.removesuffix("。") for text in worded) + "。"
        return "; ".join(worded)
    texts = {k: param_text(k, v, language) for k, v in params.items()}
    return CATALOGUE[template_key(code, params)][language].format_map(texts)


def catalogue() -> dict[str, dict[str, str]]:
    return {code: dict(templates) for code, templates in CATALOGUE.items()}
