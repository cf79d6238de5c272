-- Folded copies of what staff filter and search reports by (storage/folded_text_function.h): an
-- owner who wrote 貴州 or 贛州市南康區 is found with 贵州 or 赣州, and a search also finds the contact's
-- name, phone and the credit code. Fields are folded one by one and joined by a unit separator, so
-- that a search word never matches across two of them.
ALTER TABLE reports ADD COLUMN province_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN city_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN text_folded TEXT NOT NULL DEFAULT '';
UPDATE reports SET
  province_folded = intake_fold(province),
  city_folded = intake_fold(city),
  text_folded = intake_fold(company_name) || char(31) || intake_fold(description) || char(31) ||
                intake_fold(coalesce(help_wanted, '')) || char(31) || intake_fold(contact_name) || char(31) ||
                intake_fold(contact_phone) || char(31) || intake_fold(credit_code);
