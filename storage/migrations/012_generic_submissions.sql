-- Reports become submissions of any flow (issue 22). A flow's answers are kept as one JSON object keyed
-- by its step ids (typed: numbers, strings, arrays for multiple choices, null for a skipped optional
-- question; a question whose condition did not hold is absent), with the names of the options chosen
-- beside it; the columns every staff list needs (who the enterprise is and where) are copied out of
-- the answers by the runtime, from the steps the flow names for them, and are '' when it names none.
-- Storage reads neither JSON document: it stores what the runtime hands it.
-- The table keeps its name: report_history and notifications name its tickets.

-- What staff tools need to read a submission of one version of a flow (engine/flow_schema.h), for
-- every version ever used: a submission is read under its own version's labels whatever the flow
-- says now. The runtime adds the versions it loads; this one is the difficulty report as it stood
-- before this migration, which every earlier report was made with.
CREATE TABLE flow_versions (
  flow_id       TEXT NOT NULL,
  version       TEXT NOT NULL,
  schema        TEXT NOT NULL,
  first_seen_ms INTEGER NOT NULL,
  PRIMARY KEY (flow_id, version)
) WITHOUT ROWID;
INSERT INTO flow_versions (flow_id, version, schema, first_seen_ms)
  VALUES ('report', 'legacy-012', '{"flow":"report","roles":{"city":"city","company":"company_name","contact_name":"contact_name","contact_phone":"contact_phone","credit_code":"credit_code","industry":"industry","province":"province"},"steps":[{"id":"company_name","kind":"text","label":{"en":"Company name","zh-CN":"企业名称"},"optional":false},{"id":"credit_code","kind":"credit_code","label":{"en":"Unified social credit code","zh-CN":"统一社会信用代码"},"optional":false},{"id":"province","kind":"choice","label":{"en":"Province","zh-CN":"所在省份"},"optional":false,"options":[{"label":{"en":"Beijing","zh-CN":"北京市"},"name":"北京市","value":"北京市"},{"label":{"en":"Tianjin","zh-CN":"天津市"},"name":"天津市","value":"天津市"},{"label":{"en":"Hebei","zh-CN":"河北省"},"name":"河北省","value":"河北省"},{"label":{"en":"Shanxi","zh-CN":"山西省"},"name":"山西省","value":"山西省"},{"label":{"en":"Inner Mongolia","zh-CN":"内蒙古自治区"},"name":"内蒙古自治区","value":"内蒙古自治区"},{"label":{"en":"Liaoning","zh-CN":"辽宁省"},"name":"辽宁省","value":"辽宁省"},{"label":{"en":"Jilin","zh-CN":"吉林省"},"name":"吉林省","value":"吉林省"},{"label":{"en":"Heilongjiang","zh-CN":"黑龙江省"},"name":"黑龙江省","value":"黑龙江省"},{"label":{"en":"Shanghai","zh-CN":"上海市"},"name":"上海市","value":"上海市"},{"label":{"en":"Jiangsu","zh-CN":"江苏省"},"name":"江苏省","value":"江苏省"},{"label":{"en":"Zhejiang","zh-CN":"浙江省"},"name":"浙江省","value":"浙江省"},{"label":{"en":"Anhui","zh-CN":"安徽省"},"name":"安徽省","value":"安徽省"},{"label":{"en":"Fujian","zh-CN":"福建省"},"name":"福建省","value":"福建省"},{"label":{"en":"Jiangxi","zh-CN":"江西省"},"name":"江西省","value":"江西省"},{"label":{"en":"Shandong","zh-CN":"山东省"},"name":"山东省","value":"山东省"},{"label":{"en":"Henan","zh-CN":"河南省"},"name":"河南省","value":"河南省"},{"label":{"en":"Hubei","zh-CN":"湖北省"},"name":"湖北省","value":"湖北省"},{"label":{"en":"Hunan","zh-CN":"湖南省"},"name":"湖南省","value":"湖南省"},{"label":{"en":"Guangdong","zh-CN":"广东省"},"name":"广东省","value":"广东省"},{"label":{"en":"Guangxi","zh-CN":"广西壮族自治区"},"name":"广西壮族自治区","value":"广西壮族自治区"},{"label":{"en":"Hainan","zh-CN":"海南省"},"name":"海南省","value":"海南省"},{"label":{"en":"Chongqing","zh-CN":"重庆市"},"name":"重庆市","value":"重庆市"},{"label":{"en":"Sichuan","zh-CN":"四川省"},"name":"四川省","value":"四川省"},{"label":{"en":"Guizhou","zh-CN":"贵州省"},"name":"贵州省","value":"贵州省"},{"label":{"en":"Yunnan","zh-CN":"云南省"},"name":"云南省","value":"云南省"},{"label":{"en":"Tibet","zh-CN":"西藏自治区"},"name":"西藏自治区","value":"西藏自治区"},{"label":{"en":"Shaanxi","zh-CN":"陕西省"},"name":"陕西省","value":"陕西省"},{"label":{"en":"Gansu","zh-CN":"甘肃省"},"name":"甘肃省","value":"甘肃省"},{"label":{"en":"Qinghai","zh-CN":"青海省"},"name":"青海省","value":"青海省"},{"label":{"en":"Ningxia","zh-CN":"宁夏回族自治区"},"name":"宁夏回族自治区","value":"宁夏回族自治区"},{"label":{"en":"Xinjiang","zh-CN":"新疆维吾尔自治区"},"name":"新疆维吾尔自治区","value":"新疆维吾尔自治区"},{"label":{"en":"Hong Kong","zh-CN":"香港特别行政区"},"name":"香港特别行政区","value":"香港特别行政区"},{"label":{"en":"Macao","zh-CN":"澳门特别行政区"},"name":"澳门特别行政区","value":"澳门特别行政区"},{"label":{"en":"Taiwan","zh-CN":"台湾省"},"name":"台湾省","value":"台湾省"}]},{"id":"city","kind":"text","label":{"en":"City/county","zh-CN":"所在市县"},"optional":false},{"id":"industry","kind":"choice","label":{"en":"Industry","zh-CN":"所属行业"},"optional":false,"options":[{"label":{"en":"A Agriculture, forestry, animal husbandry and fishery","zh-CN":"A 农、林、牧、渔业"},"name":"农、林、牧、渔业","value":"A"},{"label":{"en":"B Mining","zh-CN":"B 采矿业"},"name":"采矿业","value":"B"},{"label":{"en":"C Manufacturing","zh-CN":"C 制造业"},"name":"制造业","value":"C"},{"label":{"en":"D Electricity, heat, gas and water production and supply","zh-CN":"D 电力、热力、燃气及水生产和供应业"},"name":"电力、热力、燃气及水生产和供应业","value":"D"},{"label":{"en":"E Construction","zh-CN":"E 建筑业"},"name":"建筑业","value":"E"},{"label":{"en":"F Wholesale and retail trade","zh-CN":"F 批发和零售业"},"name":"批发和零售业","value":"F"},{"label":{"en":"G Transport, storage and postal services","zh-CN":"G 交通运输、仓储和邮政业"},"name":"交通运输、仓储和邮政业","value":"G"},{"label":{"en":"H Accommodation and catering","zh-CN":"H 住宿和餐饮业"},"name":"住宿和餐饮业","value":"H"},{"label":{"en":"I Information transmission, software and IT services","zh-CN":"I 信息传输、软件和信息技术服务业"},"name":"信息传输、软件和信息技术服务业","value":"I"},{"label":{"en":"J Finance","zh-CN":"J 金融业"},"name":"金融业","value":"J"},{"label":{"en":"K Real estate","zh-CN":"K 房地产业"},"name":"房地产业","value":"K"},{"label":{"en":"L Leasing and business services","zh-CN":"L 租赁和商务服务业"},"name":"租赁和商务服务业","value":"L"},{"label":{"en":"M Scientific research and technical services","zh-CN":"M 科学研究和技术服务业"},"name":"科学研究和技术服务业","value":"M"},{"label":{"en":"N Water conservancy, environment and public facilities management","zh-CN":"N 水利、环境和公共设施管理业"},"name":"水利、环境和公共设施管理业","value":"N"},{"label":{"en":"O Resident services, repair and other services","zh-CN":"O 居民服务、修理和其他服务业"},"name":"居民服务、修理和其他服务业","value":"O"},{"label":{"en":"P Education","zh-CN":"P 教育"},"name":"教育","value":"P"},{"label":{"en":"Q Health and social work","zh-CN":"Q 卫生和社会工作"},"name":"卫生和社会工作","value":"Q"},{"label":{"en":"R Culture, sports and entertainment","zh-CN":"R 文化、体育和娱乐业"},"name":"文化、体育和娱乐业","value":"R"},{"label":{"en":"S Public administration, social security and social organisations","zh-CN":"S 公共管理、社会保障和社会组织"},"name":"公共管理、社会保障和社会组织","value":"S"},{"label":{"en":"T International organisations","zh-CN":"T 国际组织"},"name":"国际组织","value":"T"}]},{"id":"employees","kind":"count","label":{"en":"Employees","zh-CN":"从业人员数"},"optional":false},{"id":"returned_employees","kind":"count","label":{"en":"Back at work","zh-CN":"已返岗人数"},"optional":false},{"id":"resumption_status","kind":"choice","label":{"en":"Resumption","zh-CN":"复工情况"},"optional":false,"options":[{"label":{"en":"Fully resumed","zh-CN":"已全面复工"},"name":"全面复工","value":"全面复工"},{"label":{"en":"Partly resumed","zh-CN":"部分复工"},"name":"部分复工","value":"部分复工"},{"label":{"en":"Not resumed yet","zh-CN":"尚未复工"},"name":"未复工","value":"未复工"}]},{"id":"difficulties","kind":"multi_choice","label":{"en":"Difficulties","zh-CN":"困难类别"},"optional":false,"options":[{"label":{"en":"Workers","zh-CN":"用工"},"name":"用工","value":"用工"},{"label":{"en":"Funding","zh-CN":"资金"},"name":"资金","value":"资金"},{"label":{"en":"Raw materials","zh-CN":"原材料"},"name":"原材料","value":"原材料"},{"label":{"en":"Epidemic supplies","zh-CN":"防疫物资"},"name":"防疫物资","value":"防疫物资"},{"label":{"en":"Logistics and transport","zh-CN":"物流运输"},"name":"物流运输","value":"物流运输"},{"label":{"en":"Energy (electricity, water, gas)","zh-CN":"能源（用电用水用气）"},"name":"能源","value":"能源"},{"label":{"en":"Rent","zh-CN":"房租"},"name":"房租","value":"房租"},{"label":{"en":"Orders and markets","zh-CN":"订单市场"},"name":"订单市场","value":"订单市场"},{"label":{"en":"Contracts and legal","zh-CN":"合同法律"},"name":"合同法律","value":"合同法律"},{"label":{"en":"Taxes, fees and social insurance","zh-CN":"税费社保"},"name":"税费社保","value":"税费社保"},{"label":{"en":"Other","zh-CN":"其他"},"name":"其他","value":"其他"}]},{"id":"funding_gap_wan","kind":"money_wan","label":{"en":"Funding gap","zh-CN":"资金缺口"},"optional":false},{"id":"labor_gap","kind":"count","label":{"en":"Workers short","zh-CN":"用工缺口"},"optional":false},{"id":"description","kind":"text","label":{"en":"Description","zh-CN":"困难描述"},"optional":false},{"id":"help_wanted","kind":"text","label":{"en":"Help wanted","zh-CN":"希望得到的帮助"},"optional":true},{"id":"contact_name","kind":"text","label":{"en":"Contact","zh-CN":"联系人"},"optional":false},{"id":"contact_phone","kind":"phone","label":{"en":"Phone","zh-CN":"联系电话"},"optional":false}],"ticket_prefix":"R","title":{"en":"Report a difficulty","zh-CN":"反映困难诉求"},"version":"legacy-012"}',
          coalesce((SELECT min(created_at_ms) FROM reports), CAST(strftime('%s', 'now') AS INTEGER) * 1000));

-- No CHECK on the status: which statuses exist and which moves are allowed is the case life's
-- business (bot/runtime/case_life.h), not storage's.
CREATE TABLE submissions (
  ticket          TEXT PRIMARY KEY,
  flow_id         TEXT NOT NULL,
  flow_version    TEXT NOT NULL,
  form_id         TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  channel         TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'new',
  created_at_ms   INTEGER NOT NULL,
  company_name    TEXT NOT NULL DEFAULT '',
  credit_code     TEXT NOT NULL DEFAULT '',
  province        TEXT NOT NULL DEFAULT '',
  city            TEXT NOT NULL DEFAULT '',
  industry_code   TEXT NOT NULL DEFAULT '',
  industry        TEXT NOT NULL DEFAULT '',
  contact_name    TEXT NOT NULL DEFAULT '',
  contact_phone   TEXT NOT NULL DEFAULT '',
  -- Storage reads neither, but keeps only JSON in them.
  answers         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),  -- JSON object: step id → typed answer
  names           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(names)),    -- JSON object: step id → option name(s) of a choice
  -- Folded copies for the filters (migration 010): text_folded holds every text answer and the
  -- contact, phone and code, each folded and joined by a unit separator.
  province_folded TEXT NOT NULL DEFAULT '',
  city_folded     TEXT NOT NULL DEFAULT '',
  text_folded     TEXT NOT NULL DEFAULT '',
  -- One filling of a form is one submission, however often its confirmation arrives.
  UNIQUE (user_id, form_id)
);

-- Every column of the old table lands in the answers under the difficulty report's step ids. An
-- amount whose question was not asked (its condition did not hold) is absent, as the engine leaves
-- it; help wanted skipped is null.
INSERT INTO submissions (ticket, flow_id, flow_version, form_id, user_id, channel, status, created_at_ms, company_name,
                         credit_code, province, city, industry_code, industry, contact_name, contact_phone, answers, names,
                         province_folded, city_folded, text_folded)
SELECT ticket, 'report', 'legacy-012', form_id, user_id, channel, status, created_at_ms, company_name, credit_code, province,
       city, industry_code, industry, contact_name, contact_phone,
       json_remove(json_object('company_name', company_name, 'credit_code', credit_code, 'province', province, 'city', city,
                               'industry', industry_code, 'employees', employees, 'returned_employees', returned_employees,
                               'resumption_status', resumption_status, 'difficulties', json(difficulties),
                               'funding_gap_wan', funding_gap_wan, 'labor_gap', labor_gap, 'description', description,
                               'help_wanted', help_wanted, 'contact_name', contact_name, 'contact_phone', contact_phone),
                   CASE WHEN funding_gap_wan IS NULL THEN '$.funding_gap_wan' ELSE '$.none' END,
                   CASE WHEN labor_gap IS NULL THEN '$.labor_gap' ELSE '$.none' END),
       json_object('province', province, 'industry', industry, 'resumption_status', resumption_status,
                   'difficulties', json(difficulties)),
       intake_fold(province), intake_fold(city),
       intake_fold(company_name) || char(31) || intake_fold(city) || char(31) || intake_fold(description) || char(31) ||
       intake_fold(coalesce(help_wanted, '')) || char(31) || intake_fold(contact_name) || char(31) ||
       intake_fold(contact_phone) || char(31) || intake_fold(credit_code)
FROM reports;
DROP TABLE reports;
ALTER TABLE submissions RENAME TO reports;

-- A turn reads its owner's reports; staff lists read by time, by flow and by status, newest first,
-- and will page by (created_at_ms, ticket) (issue 27). Province, city and text are matched as parts
-- of the folded text (instr), which no index serves.
CREATE INDEX reports_by_user ON reports (user_id, created_at_ms);
CREATE INDEX reports_by_time ON reports (created_at_ms, ticket);
CREATE INDEX reports_by_flow ON reports (flow_id, created_at_ms, ticket);
CREATE INDEX reports_by_status ON reports (status, created_at_ms, ticket);

-- Every option chosen in a submission's choice and multiple-choice answers, one row each, so that
-- lists filter and statistics count on any choice answer of any flow through an index.
CREATE TABLE report_choices (
  ticket  TEXT NOT NULL REFERENCES reports (ticket),
  flow_id TEXT NOT NULL,
  slot    TEXT NOT NULL,
  value   TEXT NOT NULL,
  name    TEXT NOT NULL,
  PRIMARY KEY (flow_id, slot, value, ticket)
) WITHOUT ROWID;
CREATE INDEX report_choices_by_ticket ON report_choices (ticket, slot);
INSERT INTO report_choices (ticket, flow_id, slot, value, name)
  SELECT ticket, 'report', 'province', province, province FROM reports WHERE province <> ''
  UNION ALL SELECT ticket, 'report', 'industry', industry_code, industry FROM reports WHERE industry_code <> ''
  UNION ALL SELECT ticket, 'report', 'resumption_status', json_extract(answers, '$.resumption_status'),
                   json_extract(answers, '$.resumption_status') FROM reports
  UNION ALL SELECT r.ticket, 'report', 'difficulties', d.value, d.value FROM reports r, json_each(r.answers, '$.difficulties') d;

-- Whether a conversation waits for staff, and since when, written by the runtime with each turn
-- from the engine's state, so that storage need not read the state (0: with the bot).
ALTER TABLE conversations ADD COLUMN handoff_since_ms INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET handoff_since_ms = json_extract(state, '$.handoff_since_ms')
  WHERE json_extract(state, '$.handoff_since_ms') > 0;
CREATE INDEX conversations_waiting ON conversations (handoff_since_ms) WHERE handoff_since_ms > 0;
