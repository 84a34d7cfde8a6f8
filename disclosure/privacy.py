"""The personal-data guard: finds what the 政府信息公开条例 forbids publishing, in any public text.

One module for every content type (problems, plans, pages, attachments; complaint batches later):
`find_personal_data(text)` lists each mobile or landline number (phonenumbers), resident ID number
(18 digits with a valid checksum, or 15 digits), bank card number (Luhn), licence plate, e-mail
address and name the text marks as a person's (举报人/投诉人/来信人/联系人/户主 + name). Each
finding carries the value masked (138****5678) and a digest of its normalised form, never the
value itself: messages, logs and the build cache see the masked form only.

What a site publishes on purpose (the office's phone, 12345, 12369, the objection phone,
`public_contacts` in site_config.yaml, a problem's own `public_data`) is allowed by digest.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date

import phonenumbers

from .frozen import frozen
from .i18n import N_, _

MOBILE, LANDLINE, ID_NUMBER, BANK_CARD, PLATE, EMAIL, NAME = (
    N_("mobile number"), N_("landline number"), N_("ID number"), N_("bank card number"), N_("licence plate"),
    N_("e-mail address"), N_("name"))
KIND_LABELS = {MOBILE: "手机号码", LANDLINE: "固定电话", ID_NUMBER: "身份证号码", BANK_CARD: "银行卡号",
               PLATE: "车牌号码", EMAIL: "电子邮箱", NAME: "姓名"}
# Numbers every site may print: the government service hotline and the environmental complaints line.
ALWAYS_PUBLIC = ("12345", "12369")


@frozen
class Finding:
    """One piece of personal data in a text: where it is, what kind, and its masked form."""

    kind: str
    start: int
    end: int
    masked: str
    digest: bytes  # of the normalised value (see _digest): what allowances are compared by


@frozen
class FieldFinding:
    """A finding in one field of a content file, as a model keeps it (no text, no value)."""

    field: str
    line: int
    kind: str
    masked: str
    digest: bytes
    with_record: bool = False  # True: public only with the record (record, progress, attachments)


def _digest(kind: str, value: str) -> bytes:
    return hashlib.sha256(f"{kind}\0{value}".encode()).digest()[:16]


# Full-width ASCII (０-９, Ａ-Ｚ, ＠, －) and the spaces Word pastes, as plain characters, one for one,
# so that positions found in the folded text are positions in the text as written.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x200B: 0x20, 0x200C: 0x20, 0x200D: 0x20, 0x2060: 0x20, 0xFEFF: 0x20,
              0xAD: 0x20, 0x2014: 0x2D, 0x2013: 0x2D, 0x2212: 0x2D})


def fold(text: str) -> str:
    """The text with full-width ASCII and invisible spaces made plain, keeping its length."""
    return text.translate(_FOLD)


_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
              53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d(?:[ -]?\d){16}[ -]?[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{6}[ -]?\d{6}[ -]?\d{3})(?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![0-9A-Za-z])([3-69]\d{3}(?:[ -]?\d){12,15})(?![0-9A-Za-z])")
_PLATE = re.compile(r"(?<![A-Za-z0-9])([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                    r"[A-HJ-NP-Z][ ·•.-]?[A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
             "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
             "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
             "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
             "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
             "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_NAME = re.compile(r"(?:举报人|投诉人|来信人|联系人|户主)(?:姓名)?(?:为|是)?[：:\s]*"
                   rf"([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})")
# What may follow a name (so '投诉人王某反映' gives 王某, not 王某反); titles that name no one.
_AFTER_NAME = ("反映", "称", "电话", "手机", "联系", "表示", "同意", "来电", "来信", "投诉", "举报", "身份", "住",
               "家", "的", "等", "于", "在", "对", "向", "已", "现", "所", "及", "和", "与", "提出", "要求", "认为")
_SAFE_GIVEN = ("某", "先生", "女士", "师傅", "同志", "老师", "总", "经理", "主任", "局长", "书记")


# What any finding needs somewhere in the text: seven digits apart only by what numbers are
# written with (the shortest local phone number), an @, a marker word, or a province and a letter.
# Most texts have none: a cheap look spares them the full search (a build scans every public field
# of every file, and dates such as 2019年6月30日 do not count).
_DIGIT = "[0-9\uff10-\uff19]"
_SEPARATOR = "[\\s\\-\u2010-\u2015\uff0d()\uff08\uff09+\uff0b.\u00b7\u200b-\u200d\u2060\ufeff\u00ad]"
_MAYBE = re.compile(rf"{_DIGIT}(?:{_SEPARATOR}{{0,3}}{_DIGIT}){{6}}|[@\uff20]|举报人|投诉人|来信人|联系人|户主"
                    rf"|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z\uff21-\uff3a]")


def _mask_digits(value: str, keep_start: int, keep_end: int) -> str:
    digits = [char for char in value if char.isalnum()]
    hidden = len(digits) - keep_start - keep_end
    return "".join(digits[:keep_start]) + "*" * hidden + "".join(digits[len(digits) - keep_end:])


def _is_id18(digits: str) -> bool:
    if int(digits[:2]) not in _PROVINCES or not _is_birthday(digits[6:14]):
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(digits, weights)) % 11]
    return digits[17].upper() == check


def _is_birthday(text: str) -> bool:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2030


def _is_luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _numbers(folded: str) -> Iterator[tuple[str, int, int, str, str]]:
    """(kind, start, end, masked, normalised value) of each ID and bank card number."""
    for match in _ID18.finditer(folded):
        digits = re.sub(r"[ -]", "", match.group(1)).upper()
        if _is_id18(digits):
            yield ID_NUMBER, match.start(1), match.end(1), _mask_digits(digits, 4, 4), digits
    for match in _ID15.finditer(folded):
        digits = re.sub(r"[ -]", "", match.group(1))
        if int(digits[:2]) in _PROVINCES and _is_birthday("19" + digits[6:12]):
            yield ID_NUMBER, match.start(1), match.end(1), _mask_digits(digits, 4, 4), digits
    for match in _CARD.finditer(folded):
        digits = re.sub(r"[ -]", "", match.group(1))
        if 16 <= len(digits) <= 19 and _is_luhn(digits):
            yield BANK_CARD, match.start(1), match.end(1), _mask_digits(digits, 4, 4), digits


_PERSONAL_LINES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
                   phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _phones(folded: str) -> Iterator[tuple[str, int, int, str, str]]:
    for match in phonenumbers.PhoneNumberMatcher(folded, "CN", leniency=phonenumbers.Leniency.VALID):
        number = match.number
        if number.country_code != 86:
            continue
        national = str(number.national_number)
        kind = phonenumbers.number_type(number)
        if kind not in _PERSONAL_LINES:
            continue  # 400 and 800 service numbers are companies', not a person's
        if kind == phonenumbers.PhoneNumberType.MOBILE:
            yield MOBILE, match.start, match.end, _mask_digits(national, 3, 4), national
        else:
            area = phonenumbers.length_of_geographical_area_code(number) or 3
            yield (LANDLINE, match.start, match.end,
                   f"0{national[:area]}-" + "*" * (len(national) - area - 2) + national[-2:], national)


def _others(folded: str, text: str) -> Iterator[tuple[str, int, int, str, str]]:
    for match in _PLATE.finditer(folded):
        plate = re.sub(r"[ ·•.-]", "", match.group(1))
        if sum(char.isdigit() for char in plate) >= 2:
            yield PLATE, match.start(1), match.end(1), plate[:2] + "*" * (len(plate) - 4) + plate[-2:], plate
    for match in _EMAIL.finditer(folded):
        address = match.group(1).lower()
        user, domain = address.split("@", 1)
        yield EMAIL, match.start(1), match.end(1), f"{user[0]}***@{domain}", address
    for match in _NAME.finditer(text):
        name = _name_at(text, match.start(1), match.group(1))
        if name:
            yield NAME, match.start(1), match.start(1) + len(name), name[0] + "某", name


def _name_at(text: str, start: int, candidate: str) -> str | None:
    """The name a marker points at: surname and one or two characters, ending where a name can end."""
    for length in (len(candidate), 2):
        name = candidate[:length]
        if len(name) < 2 or name[1:].startswith(_SAFE_GIVEN) or name[1:].startswith(_AFTER_NAME):
            continue
        rest = text[start + length:]
        if not rest or not ("\u4e00" <= rest[0] <= "\u9fff") or rest.startswith(_AFTER_NAME):
            return name
    return None


def find_personal_data(text: str, allowed: frozenset[bytes] = frozenset()) -> list[Finding]:
    """Every piece of personal data in text (not those whose digest is allowed), in order, not overlapping."""
    if not text or not _MAYBE.search(text):
        return []
    folded = fold(text)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, start, end, masked, value in (*_numbers(folded), *_phones(folded), *_others(folded, text)):
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue  # an ID number is not also a phone or card number
        taken.append((start, end))
        digest = _digest(kind, value)
        if digest not in allowed:
            found.append(Finding(kind, start, end, masked, digest))
    return sorted(found, key=lambda f: f.start)


def allowed_digests(texts: Iterable[str]) -> frozenset[bytes]:
    """The digests of every value the texts name (each text a number, address or name published on purpose)."""
    digests = set()
    for text in texts:
        digests.update(finding.digest for finding in find_personal_data(text))
        for kind in (MOBILE, LANDLINE, ID_NUMBER, BANK_CARD, PLATE, EMAIL, NAME):
            digests.add(_digest(kind, text.strip()))
    return frozenset(digests)


def site_allowances(config) -> frozenset[bytes]:
    """What a site publishes on purpose: its phone numbers, addresses and public_contacts."""
    return allowed_digests((*ALWAYS_PUBLIC, config.phone, config.objection_phone, config.objection_email,
                            *config.public_contacts))


def describe(kind: str, masked: str) -> str:
    """The message of a finding: 'personal data (mobile number '138****5678') may not be published'."""
    return _("personal data ({kind} '{masked}') may not be published", kind=_(kind), masked=masked)


def personal_data_hint() -> str:
    return _("mask it with 'python build.py redact' (or edit it by hand); if it is public on purpose, list it "
             "in the problem file's public_data or in public_contacts of site_config.yaml")


def _strings(value, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in a front-matter value, with its path of keys and indexes."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))


def line_in(source: str, raw: str, from_line: int) -> int:
    """The line where raw is written in source, searching from from_line (from_line when not found:
    a folded or quoted YAML value is not written as read)."""
    start = 0
    for _ in range(from_line - 1):
        start = source.find("\n", start) + 1
        if start == 0:
            return from_line
    position = source.find(raw, start)
    return source.count("\n", 0, position) + 1 if position >= 0 else from_line


def scan_fields(fields: Iterable[tuple[str, object, int, bool]], source, allowed: frozenset[bytes] = frozenset()
                ) -> tuple[FieldFinding, ...]:
    """The personal data in a content file's public fields.

    fields: (field name, value (text, or a front-matter list or mapping), line it starts on, whether
    it is public only with the record); source: a callable giving the file's text (read only when
    something is found, to tell each finding's line)."""
    found, text = [], None
    for name, value, line, with_record in fields:
        for sub, string in _strings(value):
            for finding in find_personal_data(string, allowed):
                text = source() if text is None else text
                start_line = line(sub) if callable(line) else line
                at = line_in(text, string[finding.start:finding.end], start_line)
                found.append(FieldFinding(name, at, finding.kind, finding.masked, finding.digest, with_record))
    return tuple(found)


# A problem file's public fields: its plan's fields are listed while it is unfinished; the rest
# (and the record below the front matter) are public with its record only.
ISSUE_PLAN_FIELDS = ("title", "problem", "goal", "measures", "deadline", "deadline_changes", "responsible",
                     "supervising", "leader", "extra")
# (The lifecycle's keys are public with the record: lifecycle_fields.py, photos.py.)
ISSUE_RECORD_FIELDS = ("progress", "attachments", "acceptance", "objection", "objection_result", "closing_document",
                       "photos")
PLAN_FIELDS = ("title", "office", "document_number", "summary", "categories")


def _document_fields(doc, keys: Iterable[str], with_record: bool = False):
    for key in keys:
        if key in doc.meta:
            yield key, doc.meta[key], lambda sub, key=key: doc.line_of(key, *sub), with_record


def issue_findings(doc, source, public_data: Iterable[str] = ()) -> tuple[FieldFinding, ...]:
    """The personal data in a problem file's public fields (not what its public_data allows)."""
    fields = [*_document_fields(doc, ISSUE_PLAN_FIELDS), *_document_fields(doc, ISSUE_RECORD_FIELDS, True),
              ("record", doc.body, doc.body_line, True)]
    return scan_fields(fields, source, allowed_digests(public_data))


def plan_findings(doc, text: str) -> tuple[FieldFinding, ...]:
    """The personal data in plan.yaml (all of it public)."""
    return scan_fields(_document_fields(doc, PLAN_FIELDS), lambda: text)


def page_findings(doc, text: str) -> tuple[FieldFinding, ...]:
    """The personal data in a page (all of it public)."""
    return scan_fields([*_document_fields(doc, ("title",)), ("body", doc.body, doc.body_line, False)],
                       lambda: text)
