-- Version 11: supervision (issue 10).
--
-- The device form's version 1, kept: version 2 adds the role, and a
-- machine that never used version 1 must still fold the device records the
-- station enrolled with it (a version-1 device is an inspector's). A
-- database that used version 1 keeps its own copy (INSERT OR IGNORE).
INSERT OR IGNORE INTO forms (kind, version, source) VALUES ('device', 1, '# device.form: 设备, a laptop or tablet enrolled with the station. Its code
# goes into the human numbers of the records it makes (HH-A03-2023-0017),
# and events it signs are accepted only with the public key registered here.

form device
version 1
title 设备 | Device
noun 设备 | device
order 9
lifecycle registry
summary code holder

section device
	label 设备 | Device

field code text
	label 设备编码 | Device code
	hint 大写字母开头，2至8位大写字母或数字，登记后不得更改 | 2 to 8 capital letters or digits, starting with a letter; never changed once enrolled
	required
	significant
	pattern [A-Z][A-Z0-9]{1,7}

field description text
	label 设备说明 | Description
	hint 如品牌型号、资产编号 | For example make, model and asset number
	length 0 100

field holder person
	label 使用人 | Held by
	required
	length 2 20
	pattern 1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}

field public_key text
	label 签名公钥 | Signing public key
	hint Ed25519公钥，64位十六进制字符 | Ed25519 public key, 64 hexadecimal characters
	required
	significant
	pattern [0-9a-f]{64}

field enrolled date
	label 登记日期 | Enrolled on
	required
	default today
	range 2000-01-01 +0
');

-- The review queue (every submitted record of every reviewable kind, the
-- oldest first) walks records_status_date (db/004) forwards; filtered by
-- inspector it walks this one, and "returned to me" this device's own.
CREATE INDEX records_status_author_date ON records (status, author, date, id);
CREATE INDEX records_status_device_date ON records (status, device, date, id);
