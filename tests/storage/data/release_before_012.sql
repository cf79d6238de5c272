-- Made by tests/storage/data/make_release_fixture.sh with the intake of release commit 5ca3666.
PRAGMA user_version = 11;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE transcript (
  id        INTEGER PRIMARY KEY,
  user_id   TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  channel   TEXT NOT NULL,
  text      TEXT NOT NULL,
  at_ms     INTEGER NOT NULL
, actor TEXT NOT NULL DEFAULT '', search_terms TEXT);
INSERT INTO transcript VALUES(1,'owner-a','out','terminal',replace('您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658757088,'',NULL);
INSERT INTO transcript VALUES(2,'owner-a','in','terminal','反映困难',1796658757088,'','反映 映困 困难');
INSERT INTO transcript VALUES(3,'owner-a','out','terminal',replace('好的，下面请您逐项填写企业遇到的困难，大约需要 3 分钟。任何时候可以回复“上一步”“帮助”“菜单”或“取消”。\n（1/13）请问贵企业的名称是？（与营业执照一致）','\n',char(10)),1796658757088,'',NULL);
INSERT INTO transcript VALUES(4,'owner-a','in','terminal','赣州红星服装有限公司',1796658757089,'','赣州 州红 红星 星服 服装 装有 有限 限公 公司');
INSERT INTO transcript VALUES(5,'owner-a','out','terminal','（2/13）请输入企业的统一社会信用代码（18 位，见营业执照）。',1796658757089,'',NULL);
INSERT INTO transcript VALUES(6,'owner-a','in','terminal','91360100MA35G2XX05',1796658757089,'','91360100ma35g2xx05');
INSERT INTO transcript VALUES(7,'owner-a','out','terminal','（3/13）企业在哪个省份？（例如：江西、江西省、赣）',1796658757089,'',NULL);
INSERT INTO transcript VALUES(8,'owner-a','in','terminal','赣',1796658757089,'','赣');
INSERT INTO transcript VALUES(9,'owner-a','out','terminal','（4/13）企业在哪个市、县（区）？（例如：南昌市红谷滩区）',1796658757089,'',NULL);
INSERT INTO transcript VALUES(10,'owner-a','in','terminal','赣州市南康区',1796658757089,'','赣州 州市 市南 南康 康区');
INSERT INTO transcript VALUES(11,'owner-a','out','terminal',replace('（5/13）企业属于哪个行业？请回复序号、字母，或直接说明（例如“做餐饮的”）。\n1. A 农、林、牧、渔业\n2. B 采矿业\n3. C 制造业\n4. D 电力、热力、燃气及水生产和供应业\n5. E 建筑业\n6. F 批发和零售业\n7. G 交通运输、仓储和邮政业\n8. H 住宿和餐饮业\n9. I 信息传输、软件和信息技术服务业\n10. J 金融业\n11. K 房地产业\n12. L 租赁和商务服务业\n13. M 科学研究和技术服务业\n14. N 水利、环境和公共设施管理业\n15. O 居民服务、修理和其他服务业\n16. P 教育\n17. Q 卫生和社会工作\n18. R 文化、体育和娱乐业\n19. S 公共管理、社会保障和社会组织\n20. T 国际组织','\n',char(10)),1796658757089,'',NULL);
INSERT INTO transcript VALUES(12,'owner-a','in','terminal','做衣服的',1796658757098,'','做衣 衣服 服的');
INSERT INTO transcript VALUES(13,'owner-a','out','terminal','（6/13）企业共有多少从业人员？',1796658757098,'',NULL);
INSERT INTO transcript VALUES(14,'owner-a','in','terminal','三十五人',1796658757099,'','三十 十五 五人');
INSERT INTO transcript VALUES(15,'owner-a','out','terminal','（7/13）目前已返岗的有多少人？',1796658757099,'',NULL);
INSERT INTO transcript VALUES(16,'owner-a','in','terminal','20',1796658757099,'','20');
INSERT INTO transcript VALUES(17,'owner-a','out','terminal',replace('（8/13）企业目前的复工情况是？\n1. 已全面复工\n2. 部分复工\n3. 尚未复工','\n',char(10)),1796658757099,'',NULL);
INSERT INTO transcript VALUES(18,'owner-a','in','terminal','部分复工',1796658757099,'','部分 分复 复工');
INSERT INTO transcript VALUES(19,'owner-a','out','terminal',replace('（9/13）企业目前遇到哪些困难？可以多选，请回复序号，例如“1 3 5”或“1、3”。\n1. 用工\n2. 资金\n3. 原材料\n4. 防疫物资\n5. 物流运输\n6. 能源（用电用水用气）\n7. 房租\n8. 订单市场\n9. 合同法律\n10. 税费社保\n11. 其他','\n',char(10)),1796658757099,'',NULL);
INSERT INTO transcript VALUES(20,'owner-a','in','terminal','1、2、5',1796658757099,'','1 2 5');
INSERT INTO transcript VALUES(21,'owner-a','out','terminal','（10/15）资金缺口大约是多少？（以万元为单位，例如 50 或“五十万”）',1796658757099,'',NULL);
INSERT INTO transcript VALUES(22,'owner-a','in','terminal','五十万',1796658757100,'','五十 十万');
INSERT INTO transcript VALUES(23,'owner-a','out','terminal','（11/15）目前还缺多少名工人？',1796658757100,'',NULL);
INSERT INTO transcript VALUES(24,'owner-a','in','terminal','十五个',1796658757100,'','十五 五个');
INSERT INTO transcript VALUES(25,'owner-a','out','terminal','（12/15）请具体描述遇到的困难（5 到 500 字）。',1796658757100,'',NULL);
INSERT INTO transcript VALUES(26,'owner-a','in','terminal','原材料供应商在湖北，目前无法发货。',1796658757100,'','原材 材料 料供 供应 应商 商在 在湖 湖北 目前 前无 无法 法发 发货');
INSERT INTO transcript VALUES(27,'owner-a','out','terminal',replace('（13/15）希望得到哪些帮助或支持？\n如没有，请回复“无”。','\n',char(10)),1796658757100,'',NULL);
INSERT INTO transcript VALUES(28,'owner-a','in','terminal','希望协调物流',1796658757100,'','希望 望协 协调 调物 物流');
INSERT INTO transcript VALUES(29,'owner-a','out','terminal','（14/15）请问联系人怎么称呼？',1796658757100,'',NULL);
INSERT INTO transcript VALUES(30,'owner-a','in','terminal','张先生',1796658757101,'','张先 先生');
INSERT INTO transcript VALUES(31,'owner-a','out','terminal','（15/15）请留下联系电话（手机或带区号的固定电话）。',1796658757101,'',NULL);
INSERT INTO transcript VALUES(32,'owner-a','in','terminal','13800138000',1796658757101,'','13800138000');
INSERT INTO transcript VALUES(33,'owner-a','out','terminal',replace('请核对您填写的信息：\n1. 企业名称：赣州红星服装有限公司\n2. 统一社会信用代码：91360100MA35G2XX05\n3. 所在省份：江西省\n4. 所在市县：赣州市南康区\n5. 所属行业：C 制造业\n6. 从业人员数：35 人\n7. 已返岗人数：20 人\n8. 复工情况：部分复工\n9. 困难类别：用工、资金、物流运输\n10. 资金缺口：50 万元\n11. 用工缺口：15 人\n12. 困难描述：原材料供应商在湖北，目前无法发货。\n13. 希望得到的帮助：希望协调物流\n14. 联系人：张先生\n15. 联系电话：13800138000\n确认无误请回复“确认”提交；如需修改，请回复“修改”加序号（例如“修改 3”）或字段名称（例如“改电话”）；回复“取消”放弃本次填报。\n1. 确认提交\n2. 修改\n3. 取消','\n',char(10)),1796658757101,'',NULL);
INSERT INTO transcript VALUES(34,'owner-a','in','terminal','确认',1796658757101,'','确认');
INSERT INTO transcript VALUES(35,'owner-a','out','terminal',replace('提交成功！您的受理编号是 R20261207-XNDCJW，请妥善保存。工作人员会尽快与您联系，您也可以随时选择“查询办理进度”并输入编号查看办理情况。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658757101,'',NULL);
INSERT INTO transcript VALUES(36,'owner-b','out','terminal',replace('您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658757832,'',NULL);
INSERT INTO transcript VALUES(37,'owner-b','in','terminal','反映困难',1796658757843,'','反映 映困 困难');
INSERT INTO transcript VALUES(38,'owner-b','out','terminal',replace('好的，下面请您逐项填写企业遇到的困难，大约需要 3 分钟。任何时候可以回复“上一步”“帮助”“菜单”或“取消”。\n（1/13）请问贵企业的名称是？（与营业执照一致）','\n',char(10)),1796658757843,'',NULL);
INSERT INTO transcript VALUES(39,'owner-b','in','terminal','南昌小吃店',1796658757843,'','南昌 昌小 小吃 吃店');
INSERT INTO transcript VALUES(40,'owner-b','out','terminal','（2/13）请输入企业的统一社会信用代码（18 位，见营业执照）。',1796658757843,'',NULL);
INSERT INTO transcript VALUES(41,'owner-b','in','terminal','暂无',1796658757844,'','暂无');
INSERT INTO transcript VALUES(42,'owner-b','out','terminal',replace('好的，统一社会信用代码可以以后补充，工作人员会与您联系核实。我们继续。\n（3/13）企业在哪个省份？（例如：江西、江西省、赣）','\n',char(10)),1796658757844,'',NULL);
INSERT INTO transcript VALUES(43,'owner-b','in','terminal','江西',1796658757844,'','江西');
INSERT INTO transcript VALUES(44,'owner-b','out','terminal','（4/13）企业在哪个市、县（区）？（例如：南昌市红谷滩区）',1796658757844,'',NULL);
INSERT INTO transcript VALUES(45,'owner-b','in','terminal','南昌市东湖区',1796658757844,'','南昌 昌市 市东 东湖 湖区');
INSERT INTO transcript VALUES(46,'owner-b','out','terminal',replace('（5/13）企业属于哪个行业？请回复序号、字母，或直接说明（例如“做餐饮的”）。\n1. A 农、林、牧、渔业\n2. B 采矿业\n3. C 制造业\n4. D 电力、热力、燃气及水生产和供应业\n5. E 建筑业\n6. F 批发和零售业\n7. G 交通运输、仓储和邮政业\n8. H 住宿和餐饮业\n9. I 信息传输、软件和信息技术服务业\n10. J 金融业\n11. K 房地产业\n12. L 租赁和商务服务业\n13. M 科学研究和技术服务业\n14. N 水利、环境和公共设施管理业\n15. O 居民服务、修理和其他服务业\n16. P 教育\n17. Q 卫生和社会工作\n18. R 文化、体育和娱乐业\n19. S 公共管理、社会保障和社会组织\n20. T 国际组织','\n',char(10)),1796658757844,'',NULL);
INSERT INTO transcript VALUES(47,'owner-b','in','terminal','餐饮',1796658757844,'','餐饮');
INSERT INTO transcript VALUES(48,'owner-b','out','terminal','（6/13）企业共有多少从业人员？',1796658757844,'',NULL);
INSERT INTO transcript VALUES(49,'owner-b','in','terminal','8',1796658757844,'','8');
INSERT INTO transcript VALUES(50,'owner-b','out','terminal','（7/13）目前已返岗的有多少人？',1796658757844,'',NULL);
INSERT INTO transcript VALUES(51,'owner-b','in','terminal','0',1796658757845,'','0');
INSERT INTO transcript VALUES(52,'owner-b','out','terminal',replace('（8/13）企业目前的复工情况是？\n1. 已全面复工\n2. 部分复工\n3. 尚未复工','\n',char(10)),1796658757845,'',NULL);
INSERT INTO transcript VALUES(53,'owner-b','in','terminal','未复工',1796658757845,'','未复 复工');
INSERT INTO transcript VALUES(54,'owner-b','out','terminal',replace('（9/13）企业目前遇到哪些困难？可以多选，请回复序号，例如“1 3 5”或“1、3”。\n1. 用工\n2. 资金\n3. 原材料\n4. 防疫物资\n5. 物流运输\n6. 能源（用电用水用气）\n7. 房租\n8. 订单市场\n9. 合同法律\n10. 税费社保\n11. 其他','\n',char(10)),1796658757845,'',NULL);
INSERT INTO transcript VALUES(55,'owner-b','in','terminal','房租',1796658757845,'','房租');
INSERT INTO transcript VALUES(56,'owner-b','out','terminal','（10/13）请具体描述遇到的困难（5 到 500 字）。',1796658757845,'',NULL);
INSERT INTO transcript VALUES(57,'owner-b','in','terminal','店面租金压力大，没有客人。',1796658757846,'','店面 面租 租金 金压 压力 力大 没有 有客 客人');
INSERT INTO transcript VALUES(58,'owner-b','out','terminal',replace('（11/13）希望得到哪些帮助或支持？\n如没有，请回复“无”。','\n',char(10)),1796658757846,'',NULL);
INSERT INTO transcript VALUES(59,'owner-b','in','terminal','不用了',1796658757846,'','不用 用了');
INSERT INTO transcript VALUES(60,'owner-b','out','terminal','（12/13）请问联系人怎么称呼？',1796658757846,'',NULL);
INSERT INTO transcript VALUES(61,'owner-b','in','terminal','李女士',1796658757854,'','李女 女士');
INSERT INTO transcript VALUES(62,'owner-b','out','terminal','（13/13）请留下联系电话（手机或带区号的固定电话）。',1796658757854,'',NULL);
INSERT INTO transcript VALUES(63,'owner-b','in','terminal','13900139000',1796658757855,'','13900139000');
INSERT INTO transcript VALUES(64,'owner-b','out','terminal',replace('请核对您填写的信息：\n1. 企业名称：南昌小吃店\n2. 统一社会信用代码：暂无（待补充）\n3. 所在省份：江西省\n4. 所在市县：南昌市东湖区\n5. 所属行业：H 住宿和餐饮业\n6. 从业人员数：8 人\n7. 已返岗人数：0 人\n8. 复工情况：尚未复工\n9. 困难类别：房租\n10. 困难描述：店面租金压力大，没有客人。\n11. 希望得到的帮助：无\n12. 联系人：李女士\n13. 联系电话：13900139000\n确认无误请回复“确认”提交；如需修改，请回复“修改”加序号（例如“修改 3”）或字段名称（例如“改电话”）；回复“取消”放弃本次填报。\n1. 确认提交\n2. 修改\n3. 取消','\n',char(10)),1796658757855,'',NULL);
INSERT INTO transcript VALUES(65,'owner-b','in','terminal','确认',1796658757855,'','确认');
INSERT INTO transcript VALUES(66,'owner-b','out','terminal',replace('提交成功！您的受理编号是 R20261207-ZT1HPX，请妥善保存。工作人员会尽快与您联系，您也可以随时选择“查询办理进度”并输入编号查看办理情况。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658757855,'',NULL);
INSERT INTO transcript VALUES(67,'owner-c','out','terminal',replace('您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658758621,'',NULL);
INSERT INTO transcript VALUES(68,'owner-c','in','terminal','反映困难',1796658758632,'','反映 映困 困难');
INSERT INTO transcript VALUES(69,'owner-c','out','terminal',replace('好的，下面请您逐项填写企业遇到的困难，大约需要 3 分钟。任何时候可以回复“上一步”“帮助”“菜单”或“取消”。\n（1/13）请问贵企业的名称是？（与营业执照一致）','\n',char(10)),1796658758632,'',NULL);
INSERT INTO transcript VALUES(70,'owner-c','in','terminal','贛州五金廠',1796658758632,'','赣州 州五 五金 金厂');
INSERT INTO transcript VALUES(71,'owner-c','out','terminal','（2/13）请输入企业的统一社会信用代码（18 位，见营业执照）。',1796658758632,'',NULL);
INSERT INTO transcript VALUES(72,'owner-c','in','terminal','91360700MA35ABCD1Q',1796658758633,'','91360700ma35abcd1q');
INSERT INTO transcript VALUES(73,'owner-c','out','terminal','（3/13）企业在哪个省份？（例如：江西、江西省、赣）',1796658758633,'',NULL);
INSERT INTO transcript VALUES(74,'owner-c','in','terminal','江西省',1796658758633,'','江西 西省');
INSERT INTO transcript VALUES(75,'owner-c','out','terminal','（4/13）企业在哪个市、县（区）？（例如：南昌市红谷滩区）',1796658758633,'',NULL);
INSERT INTO transcript VALUES(76,'owner-c','in','terminal','贛州市南康區',1796658758633,'','赣州 州市 市南 南康 康区');
INSERT INTO transcript VALUES(77,'owner-c','out','terminal',replace('（5/13）企业属于哪个行业？请回复序号、字母，或直接说明（例如“做餐饮的”）。\n1. A 农、林、牧、渔业\n2. B 采矿业\n3. C 制造业\n4. D 电力、热力、燃气及水生产和供应业\n5. E 建筑业\n6. F 批发和零售业\n7. G 交通运输、仓储和邮政业\n8. H 住宿和餐饮业\n9. I 信息传输、软件和信息技术服务业\n10. J 金融业\n11. K 房地产业\n12. L 租赁和商务服务业\n13. M 科学研究和技术服务业\n14. N 水利、环境和公共设施管理业\n15. O 居民服务、修理和其他服务业\n16. P 教育\n17. Q 卫生和社会工作\n18. R 文化、体育和娱乐业\n19. S 公共管理、社会保障和社会组织\n20. T 国际组织','\n',char(10)),1796658758633,'',NULL);
INSERT INTO transcript VALUES(78,'owner-c','in','terminal','制造业',1796658758633,'','制造 造业');
INSERT INTO transcript VALUES(79,'owner-c','out','terminal','（6/13）企业共有多少从业人员？',1796658758633,'',NULL);
INSERT INTO transcript VALUES(80,'owner-c','in','terminal','120',1796658758634,'','120');
INSERT INTO transcript VALUES(81,'owner-c','out','terminal','（7/13）目前已返岗的有多少人？',1796658758634,'',NULL);
INSERT INTO transcript VALUES(82,'owner-c','in','terminal','60',1796658758642,'','60');
INSERT INTO transcript VALUES(83,'owner-c','out','terminal',replace('（8/13）企业目前的复工情况是？\n1. 已全面复工\n2. 部分复工\n3. 尚未复工','\n',char(10)),1796658758642,'',NULL);
INSERT INTO transcript VALUES(84,'owner-c','in','terminal','部分复工',1796658758643,'','部分 分复 复工');
INSERT INTO transcript VALUES(85,'owner-c','out','terminal',replace('（9/13）企业目前遇到哪些困难？可以多选，请回复序号，例如“1 3 5”或“1、3”。\n1. 用工\n2. 资金\n3. 原材料\n4. 防疫物资\n5. 物流运输\n6. 能源（用电用水用气）\n7. 房租\n8. 订单市场\n9. 合同法律\n10. 税费社保\n11. 其他','\n',char(10)),1796658758643,'',NULL);
INSERT INTO transcript VALUES(86,'owner-c','in','terminal','资金',1796658758643,'','资金');
INSERT INTO transcript VALUES(87,'owner-c','out','terminal','（10/14）资金缺口大约是多少？（以万元为单位，例如 50 或“五十万”）',1796658758643,'',NULL);
INSERT INTO transcript VALUES(88,'owner-c','in','terminal','三十万',1796658758643,'','三十 十万');
INSERT INTO transcript VALUES(89,'owner-c','out','terminal','（11/14）请具体描述遇到的困难（5 到 500 字）。',1796658758643,'',NULL);
INSERT INTO transcript VALUES(90,'owner-c','in','terminal','订单下降，资金周转困难。',1796658758643,'','订单 单下 下降 资金 金周 周转 转困 困难');
INSERT INTO transcript VALUES(91,'owner-c','out','terminal',replace('（12/14）希望得到哪些帮助或支持？\n如没有，请回复“无”。','\n',char(10)),1796658758643,'',NULL);
INSERT INTO transcript VALUES(92,'owner-c','in','terminal','没有了',1796658758643,'','没有 有了');
INSERT INTO transcript VALUES(93,'owner-c','out','terminal','（13/14）请问联系人怎么称呼？',1796658758643,'',NULL);
INSERT INTO transcript VALUES(94,'owner-c','in','terminal','王经理',1796658758644,'','王经 经理');
INSERT INTO transcript VALUES(95,'owner-c','out','terminal','（14/14）请留下联系电话（手机或带区号的固定电话）。',1796658758644,'',NULL);
INSERT INTO transcript VALUES(96,'owner-c','in','terminal','13700137000',1796658758644,'','13700137000');
INSERT INTO transcript VALUES(97,'owner-c','out','terminal',replace('请核对您填写的信息：\n1. 企业名称：贛州五金廠\n2. 统一社会信用代码：91360700MA35ABCD1Q\n3. 所在省份：江西省\n4. 所在市县：贛州市南康區\n5. 所属行业：C 制造业\n6. 从业人员数：120 人\n7. 已返岗人数：60 人\n8. 复工情况：部分复工\n9. 困难类别：资金\n10. 资金缺口：30 万元\n11. 困难描述：订单下降，资金周转困难。\n12. 希望得到的帮助：无\n13. 联系人：王经理\n14. 联系电话：13700137000\n确认无误请回复“确认”提交；如需修改，请回复“修改”加序号（例如“修改 3”）或字段名称（例如“改电话”）；回复“取消”放弃本次填报。\n1. 确认提交\n2. 修改\n3. 取消','\n',char(10)),1796658758644,'',NULL);
INSERT INTO transcript VALUES(98,'owner-c','in','terminal','确认',1796658758645,'','确认');
INSERT INTO transcript VALUES(99,'owner-c','out','terminal',replace('提交成功！您的受理编号是 R20261207-S2B5ZV，请妥善保存。工作人员会尽快与您联系，您也可以随时选择“查询办理进度”并输入编号查看办理情况。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658758645,'',NULL);
INSERT INTO transcript VALUES(100,'owner-c','out','terminal',replace('您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658760310,'',NULL);
INSERT INTO transcript VALUES(101,'owner-c','in','terminal','1',1796658760318,'','1');
INSERT INTO transcript VALUES(102,'owner-c','out','terminal',replace('好的，下面请您逐项填写企业遇到的困难，大约需要 3 分钟。任何时候可以回复“上一步”“帮助”“菜单”或“取消”。\n（1/13）请问贵企业的名称是？（与营业执照一致）','\n',char(10)),1796658760318,'',NULL);
INSERT INTO transcript VALUES(103,'owner-c','in','terminal','贛州五金廠',1796658760319,'','赣州 州五 五金 金厂');
INSERT INTO transcript VALUES(104,'owner-c','out','terminal','（2/13）请输入企业的统一社会信用代码（18 位，见营业执照）。',1796658760319,'',NULL);
INSERT INTO transcript VALUES(105,'owner-c','in','terminal','91360700MA35ABCD1Q',1796658760319,'','91360700ma35abcd1q');
INSERT INTO transcript VALUES(106,'owner-c','out','terminal','（3/13）企业在哪个省份？（例如：江西、江西省、赣）',1796658760319,'',NULL);
INSERT INTO transcript VALUES(107,'owner-c','in','terminal','江西省',1796658760320,'','江西 西省');
INSERT INTO transcript VALUES(108,'owner-c','out','terminal','（4/13）企业在哪个市、县（区）？（例如：南昌市红谷滩区）',1796658760320,'',NULL);
INSERT INTO transcript VALUES(109,'owner-c','in','terminal','赣州市',1796658760320,'','赣州 州市');
INSERT INTO transcript VALUES(110,'owner-c','out','terminal',replace('（5/13）企业属于哪个行业？请回复序号、字母，或直接说明（例如“做餐饮的”）。\n1. A 农、林、牧、渔业\n2. B 采矿业\n3. C 制造业\n4. D 电力、热力、燃气及水生产和供应业\n5. E 建筑业\n6. F 批发和零售业\n7. G 交通运输、仓储和邮政业\n8. H 住宿和餐饮业\n9. I 信息传输、软件和信息技术服务业\n10. J 金融业\n11. K 房地产业\n12. L 租赁和商务服务业\n13. M 科学研究和技术服务业\n14. N 水利、环境和公共设施管理业\n15. O 居民服务、修理和其他服务业\n16. P 教育\n17. Q 卫生和社会工作\n18. R 文化、体育和娱乐业\n19. S 公共管理、社会保障和社会组织\n20. T 国际组织','\n',char(10)),1796658760320,'',NULL);
INSERT INTO transcript VALUES(111,'owner-c','in','terminal','制造业',1796658760320,'','制造 造业');
INSERT INTO transcript VALUES(112,'owner-c','out','terminal','（6/13）企业共有多少从业人员？',1796658760320,'',NULL);
INSERT INTO transcript VALUES(113,'owner-c','in','terminal','120',1796658760320,'','120');
INSERT INTO transcript VALUES(114,'owner-c','out','terminal','（7/13）目前已返岗的有多少人？',1796658760320,'',NULL);
INSERT INTO transcript VALUES(115,'owner-c','in','terminal','100',1796658760320,'','100');
INSERT INTO transcript VALUES(116,'owner-c','out','terminal',replace('（8/13）企业目前的复工情况是？\n1. 已全面复工\n2. 部分复工\n3. 尚未复工','\n',char(10)),1796658760320,'',NULL);
INSERT INTO transcript VALUES(117,'owner-c','in','terminal','全面复工',1796658760320,'','全面 面复 复工');
INSERT INTO transcript VALUES(118,'owner-c','out','terminal',replace('（9/13）企业目前遇到哪些困难？可以多选，请回复序号，例如“1 3 5”或“1、3”。\n1. 用工\n2. 资金\n3. 原材料\n4. 防疫物资\n5. 物流运输\n6. 能源（用电用水用气）\n7. 房租\n8. 订单市场\n9. 合同法律\n10. 税费社保\n11. 其他','\n',char(10)),1796658760320,'',NULL);
INSERT INTO transcript VALUES(119,'owner-c','in','terminal','6、7',1796658760321,'','6 7');
INSERT INTO transcript VALUES(120,'owner-c','out','terminal','（10/13）请具体描述遇到的困难（5 到 500 字）。',1796658760321,'',NULL);
INSERT INTO transcript VALUES(121,'owner-c','in','terminal','物流不畅，防疫物资短缺。',1796658760321,'','物流 流不 不畅 防疫 疫物 物资 资短 短缺');
INSERT INTO transcript VALUES(122,'owner-c','out','terminal',replace('（11/13）希望得到哪些帮助或支持？\n如没有，请回复“无”。','\n',char(10)),1796658760321,'',NULL);
INSERT INTO transcript VALUES(123,'owner-c','in','terminal','希望提供口罩',1796658760321,'','希望 望提 提供 供口 口罩');
INSERT INTO transcript VALUES(124,'owner-c','out','terminal','（12/13）请问联系人怎么称呼？',1796658760321,'',NULL);
INSERT INTO transcript VALUES(125,'owner-c','in','terminal','王经理',1796658760321,'','王经 经理');
INSERT INTO transcript VALUES(126,'owner-c','out','terminal','（13/13）请留下联系电话（手机或带区号的固定电话）。',1796658760321,'',NULL);
INSERT INTO transcript VALUES(127,'owner-c','in','terminal','13700137000',1796658760321,'','13700137000');
INSERT INTO transcript VALUES(128,'owner-c','out','terminal',replace('请核对您填写的信息：\n1. 企业名称：贛州五金廠\n2. 统一社会信用代码：91360700MA35ABCD1Q\n3. 所在省份：江西省\n4. 所在市县：赣州市\n5. 所属行业：C 制造业\n6. 从业人员数：120 人\n7. 已返岗人数：100 人\n8. 复工情况：已全面复工\n9. 困难类别：能源（用电用水用气）、房租\n10. 困难描述：物流不畅，防疫物资短缺。\n11. 希望得到的帮助：希望提供口罩\n12. 联系人：王经理\n13. 联系电话：13700137000\n确认无误请回复“确认”提交；如需修改，请回复“修改”加序号（例如“修改 3”）或字段名称（例如“改电话”）；回复“取消”放弃本次填报。\n1. 确认提交\n2. 修改\n3. 取消','\n',char(10)),1796658760321,'',NULL);
INSERT INTO transcript VALUES(129,'owner-c','in','terminal','确认',1796658760339,'','确认');
INSERT INTO transcript VALUES(130,'owner-c','out','terminal',replace('提交成功！您的受理编号是 R20261207-QDA9XG，请妥善保存。工作人员会尽快与您联系，您也可以随时选择“查询办理进度”并输入编号查看办理情况。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658760339,'',NULL);
INSERT INTO transcript VALUES(131,'owner-d','out','terminal',replace('您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658761090,'',NULL);
INSERT INTO transcript VALUES(132,'owner-d','in','terminal','人工',1796658761092,'','人工');
INSERT INTO transcript VALUES(133,'owner-d','out','terminal','已为您转接人工服务，工作人员会尽快回复您。期间您发的消息都会转给工作人员；回复“结束人工”可回到自助服务。',1796658761092,'',NULL);
INSERT INTO transcript VALUES(134,'owner-d','in','terminal','我想问问贷款的事',1796658761092,'','我想 想问 问问 问贷 贷款 款的 的事');
INSERT INTO transcript VALUES(135,'owner-d','out','terminal','已收到，已转给工作人员，请耐心等待回复。回复“结束人工”可回到自助服务。',1796658761092,'',NULL);
INSERT INTO transcript VALUES(136,'owner-e','out','terminal',replace('您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658761741,'',NULL);
INSERT INTO transcript VALUES(137,'owner-e','in','terminal','人工',1796658761758,'','人工');
INSERT INTO transcript VALUES(138,'owner-e','out','terminal','已为您转接人工服务，工作人员会尽快回复您。期间您发的消息都会转给工作人员；回复“结束人工”可回到自助服务。',1796658761758,'',NULL);
INSERT INTO transcript VALUES(139,'owner-e','in','terminal','请人工帮忙',1796658761759,'','请人 人工 工帮 帮忙');
INSERT INTO transcript VALUES(140,'owner-e','out','terminal','已收到，已转给工作人员，请耐心等待回复。回复“结束人工”可回到自助服务。',1796658761759,'',NULL);
INSERT INTO transcript VALUES(141,'owner-a','out','staff','您好，银行下周联系您',1796658763447,'王科长','您好 银行 行下 下周 周联 联系 系您');
INSERT INTO transcript VALUES(142,'owner-c','out','staff','请补充营业执照照片',1796658763611,'李科员','请补 补充 充营 营业 业执 执照 照照 照片');
INSERT INTO transcript VALUES(143,'owner-c','out','terminal',replace('您的诉求（受理编号 R20261207-S2B5ZV）办理状态更新为：已受理。\n工作人员李科员回复您：请补充营业执照照片\n您好！这里是中小企业复工复产诉求服务平台。您可以在这里反映企业复工复产中遇到的困难，我们会转交相关部门跟进办理。\n请回复数字或文字选择您要办理的事项：\n1. 反映困难诉求\n2. 查询办理进度\n3. 政策咨询\n4. 联系人工服务','\n',char(10)),1796658764317,'',NULL);
INSERT INTO transcript VALUES(144,'owner-c','in','terminal','2',1796658764327,'','2');
INSERT INTO transcript VALUES(145,'owner-c','out','terminal',replace('请输入受理编号（例如 R20200301-7K3QXM），或回复“我的”查看您提交过的全部诉求。\n您已提交过 2 份诉求。','\n',char(10)),1796658764327,'',NULL);
CREATE TABLE reports (
  ticket             TEXT PRIMARY KEY,
  form_id            TEXT NOT NULL,
  user_id            TEXT NOT NULL,
  channel            TEXT NOT NULL,
  status             TEXT NOT NULL DEFAULT 'new'
                     CHECK (status IN ('new', 'accepted', 'in_progress', 'closed', 'returned')),
  created_at_ms      INTEGER NOT NULL,
  company_name       TEXT NOT NULL,
  credit_code        TEXT NOT NULL,
  province           TEXT NOT NULL,
  city               TEXT NOT NULL,
  industry_code      TEXT NOT NULL,
  industry           TEXT NOT NULL,
  employees          INTEGER NOT NULL,
  returned_employees INTEGER NOT NULL,
  resumption_status  TEXT NOT NULL,
  difficulties       TEXT NOT NULL,  -- JSON array of category names
  funding_gap_wan    REAL,
  labor_gap          INTEGER,
  description        TEXT NOT NULL,
  help_wanted        TEXT,
  contact_name       TEXT NOT NULL,
  contact_phone      TEXT NOT NULL, province_folded TEXT NOT NULL DEFAULT '', city_folded TEXT NOT NULL DEFAULT '', text_folded TEXT NOT NULL DEFAULT '',
  -- One filling of the form is one report, however often its confirmation arrives.
  UNIQUE (user_id, form_id)
);
INSERT INTO reports VALUES('R20261207-XNDCJW','1796658757088-1','owner-a','terminal','in_progress',1796658757101,'赣州红星服装有限公司','91360100MA35G2XX05','江西省','赣州市南康区','C','制造业',35,20,'部分复工','["用工","资金","物流运输"]',50.0,15,'原材料供应商在湖北，目前无法发货。','希望协调物流','张先生','13800138000','江西省','赣州市南康区','赣州红星服装有限公司原材料供应商在湖北,目前无法发货。希望协调物流张先生1380013800091360100ma35g2xx05');
INSERT INTO reports VALUES('R20261207-ZT1HPX','1796658757843-1','owner-b','terminal','returned',1796658757855,'南昌小吃店','','江西省','南昌市东湖区','H','住宿和餐饮业',8,0,'未复工','["房租"]',NULL,NULL,'店面租金压力大，没有客人。',NULL,'李女士','13900139000','江西省','南昌市东湖区','南昌小吃店店面租金压力大,没有客人。李女士13900139000');
INSERT INTO reports VALUES('R20261207-S2B5ZV','1796658758632-1','owner-c','terminal','accepted',1796658758645,'贛州五金廠','91360700MA35ABCD1Q','江西省','贛州市南康區','C','制造业',120,60,'部分复工','["资金"]',30.0,NULL,'订单下降，资金周转困难。',NULL,'王经理','13700137000','江西省','赣州市南康区','赣州五金厂订单下降,资金周转困难。王经理1370013700091360700ma35abcd1q');
INSERT INTO reports VALUES('R20261207-QDA9XG','1796658760318-2','owner-c','terminal','accepted',1796658760339,'贛州五金廠','91360700MA35ABCD1Q','江西省','赣州市','C','制造业',120,100,'全面复工','["能源","房租"]',NULL,NULL,'物流不畅，防疫物资短缺。','希望提供口罩','王经理','13700137000','江西省','赣州市','赣州五金厂物流不畅,防疫物资短缺。希望提供口罩王经理1370013700091360700ma35abcd1q');
CREATE TABLE report_history (
  id     INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL REFERENCES reports (ticket),
  status TEXT NOT NULL,
  note   TEXT NOT NULL DEFAULT '',
  actor  TEXT NOT NULL,
  at_ms  INTEGER NOT NULL
);
INSERT INTO report_history VALUES(1,'R20261207-XNDCJW','new','','system',1796658757101);
INSERT INTO report_history VALUES(2,'R20261207-ZT1HPX','new','','system',1796658757855);
INSERT INTO report_history VALUES(3,'R20261207-S2B5ZV','new','','system',1796658758645);
INSERT INTO report_history VALUES(4,'R20261207-QDA9XG','new','','system',1796658760339);
INSERT INTO report_history VALUES(5,'R20261207-XNDCJW','accepted','已受理，三天内联系您','王科长',1796658762177);
INSERT INTO report_history VALUES(6,'R20261207-XNDCJW','in_progress','已转金融办','王科长',1796658762438);
INSERT INTO report_history VALUES(7,'R20261207-XNDCJW','closed','已协调物流','李科员',1796658762666);
INSERT INTO report_history VALUES(8,'R20261207-XNDCJW','in_progress','误点办结，继续办理','王科长',1796658762857);
INSERT INTO report_history VALUES(9,'R20261207-ZT1HPX','returned','请补充营业执照','李科员',1796658763046);
INSERT INTO report_history VALUES(10,'R20261207-S2B5ZV','accepted','','王科长',1796658763195);
INSERT INTO report_history VALUES(11,'R20261207-QDA9XG','accepted','已转卫健委','王科长',1796658764549);
CREATE TABLE events (
  id      INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  type    TEXT NOT NULL,
  payload TEXT NOT NULL,
  at_ms   INTEGER NOT NULL
);
INSERT INTO events VALUES(1,'owner-a','report_submitted','{"answers":{"city":"赣州市南康区","company_name":"赣州红星服装有限公司","contact_name":"张先生","contact_phone":"13800138000","credit_code":"91360100MA35G2XX05","description":"原材料供应商在湖北，目前无法发货。","difficulties":["用工","资金","物流运输"],"employees":35,"funding_gap_wan":50.0,"help_wanted":"希望协调物流","industry":"C","labor_gap":15,"province":"江西省","resumption_status":"部分复工","returned_employees":20},"channel":"terminal","created_at_ms":1796658757101,"flow":"report","form_id":"1796658757088-1","names":{"industry":"制造业","province":"江西省","resumption_status":"部分复工"},"ticket":"R20261207-XNDCJW","user_id":"owner-a"}',1796658757101);
INSERT INTO events VALUES(2,'owner-b','report_submitted','{"answers":{"city":"南昌市东湖区","company_name":"南昌小吃店","contact_name":"李女士","contact_phone":"13900139000","credit_code":"","description":"店面租金压力大，没有客人。","difficulties":["房租"],"employees":8,"help_wanted":null,"industry":"H","province":"江西省","resumption_status":"未复工","returned_employees":0},"channel":"terminal","created_at_ms":1796658757855,"flow":"report","form_id":"1796658757843-1","names":{"industry":"住宿和餐饮业","province":"江西省","resumption_status":"未复工"},"ticket":"R20261207-ZT1HPX","user_id":"owner-b"}',1796658757855);
INSERT INTO events VALUES(3,'owner-c','report_submitted','{"answers":{"city":"贛州市南康區","company_name":"贛州五金廠","contact_name":"王经理","contact_phone":"13700137000","credit_code":"91360700MA35ABCD1Q","description":"订单下降，资金周转困难。","difficulties":["资金"],"employees":120,"funding_gap_wan":30.0,"help_wanted":null,"industry":"C","province":"江西省","resumption_status":"部分复工","returned_employees":60},"channel":"terminal","created_at_ms":1796658758645,"flow":"report","form_id":"1796658758632-1","names":{"industry":"制造业","province":"江西省","resumption_status":"部分复工"},"ticket":"R20261207-S2B5ZV","user_id":"owner-c"}',1796658758645);
INSERT INTO events VALUES(4,'owner-c','report_submitted','{"answers":{"city":"赣州市","company_name":"贛州五金廠","contact_name":"王经理","contact_phone":"13700137000","credit_code":"91360700MA35ABCD1Q","description":"物流不畅，防疫物资短缺。","difficulties":["能源","房租"],"employees":120,"help_wanted":"希望提供口罩","industry":"C","province":"江西省","resumption_status":"全面复工","returned_employees":100},"channel":"terminal","created_at_ms":1796658760339,"flow":"report","form_id":"1796658760318-2","names":{"industry":"制造业","province":"江西省","resumption_status":"全面复工"},"ticket":"R20261207-QDA9XG","user_id":"owner-c"}',1796658760339);
INSERT INTO events VALUES(5,'owner-d','handoff_requested','{}',1796658761092);
INSERT INTO events VALUES(6,'owner-e','handoff_requested','{}',1796658761758);
INSERT INTO events VALUES(7,'owner-c','notices_delivered','{"ids":[6,8]}',1796658764317);
CREATE TABLE deliveries (
  delivery_key TEXT PRIMARY KEY,
  reply        TEXT NOT NULL,
  at_ms        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE more_pages (
  user_id TEXT PRIMARY KEY,
  text    TEXT NOT NULL,
  at_ms   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  user_id         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('status', 'staff_reply', 'handoff_closed')),
  ticket          TEXT,
  status          TEXT,
  text            TEXT NOT NULL DEFAULT '',
  actor           TEXT NOT NULL,
  created_at_ms   INTEGER NOT NULL,
  delivered_at_ms INTEGER
);
INSERT INTO notifications VALUES(1,'owner-a','status','R20261207-XNDCJW','accepted','已受理，三天内联系您','王科长',1796658762177,NULL);
INSERT INTO notifications VALUES(2,'owner-a','status','R20261207-XNDCJW','in_progress','已转金融办','王科长',1796658762438,NULL);
INSERT INTO notifications VALUES(3,'owner-a','status','R20261207-XNDCJW','closed','已协调物流','李科员',1796658762666,NULL);
INSERT INTO notifications VALUES(4,'owner-a','status','R20261207-XNDCJW','in_progress','误点办结，继续办理','王科长',1796658762857,NULL);
INSERT INTO notifications VALUES(5,'owner-b','status','R20261207-ZT1HPX','returned','请补充营业执照','李科员',1796658763046,NULL);
INSERT INTO notifications VALUES(6,'owner-c','status','R20261207-S2B5ZV','accepted','','王科长',1796658763195,1796658764317);
INSERT INTO notifications VALUES(7,'owner-a','staff_reply',NULL,NULL,'您好，银行下周联系您','王科长',1796658763447,NULL);
INSERT INTO notifications VALUES(8,'owner-c','staff_reply',NULL,NULL,'请补充营业执照照片','李科员',1796658763611,1796658764317);
INSERT INTO notifications VALUES(9,'owner-e','handoff_closed',NULL,NULL,'','王科长',1796658763844,NULL);
INSERT INTO notifications VALUES(10,'owner-c','status','R20261207-QDA9XG','accepted','已转卫健委','王科长',1796658764549,NULL);
CREATE TABLE access_log (
  id     INTEGER PRIMARY KEY,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  at_ms  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "conversations" (
  id            INTEGER PRIMARY KEY,
  user_id       TEXT NOT NULL UNIQUE,
  channel       TEXT NOT NULL,
  state         TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO conversations VALUES(1,'owner-a','terminal','{"answers":{},"faq_suggestions":[],"flow":"","form_id":"","forms_started":1,"handoff_since_ms":0,"invalid_attempts":0,"last_active_ms":1796658757101,"locale":"zh-CN","mode":"menu","pending_answer":null,"return_mode":"menu","step":"","version":1}',1796658757101,22);
INSERT INTO conversations VALUES(2,'owner-b','terminal','{"answers":{},"faq_suggestions":[],"flow":"","form_id":"","forms_started":1,"handoff_since_ms":0,"invalid_attempts":0,"last_active_ms":1796658757855,"locale":"zh-CN","mode":"menu","pending_answer":null,"return_mode":"menu","step":"","version":1}',1796658757855,16);
INSERT INTO conversations VALUES(3,'owner-c','terminal','{"answers":{},"faq_suggestions":[],"flow":"","form_id":"","forms_started":2,"handoff_since_ms":0,"invalid_attempts":0,"last_active_ms":1796658764327,"locale":"zh-CN","mode":"progress","pending_answer":null,"return_mode":"menu","step":"","version":1}',1796658764327,37);
INSERT INTO conversations VALUES(4,'owner-d','terminal','{"answers":{},"faq_suggestions":[],"flow":"","form_id":"","forms_started":0,"handoff_since_ms":1796658761092,"invalid_attempts":0,"last_active_ms":1796658761092,"locale":"zh-CN","mode":"menu","pending_answer":null,"return_mode":"menu","step":"","version":1}',1796658761092,2);
INSERT INTO conversations VALUES(5,'owner-e','terminal','{"answers":{},"faq_suggestions":[],"flow":"","form_id":"","forms_started":0,"handoff_since_ms":1796658761758,"invalid_attempts":0,"last_active_ms":1796658761759,"locale":"zh-CN","mode":"menu","pending_answer":null,"return_mode":"menu","step":"","version":1}',1796658761759,3);
CREATE TABLE resume_tokens (
  token_sha256  TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX reports_by_user ON reports (user_id, created_at_ms);
CREATE INDEX report_history_by_ticket ON report_history (ticket, id);
CREATE INDEX events_by_type ON events (type, id);
CREATE INDEX notifications_pending ON notifications (user_id, id) WHERE delivered_at_ms IS NULL;
CREATE INDEX resume_tokens_by_user ON resume_tokens (user_id);
COMMIT;
