/*
 * demo_names: the word lists of the demo station. See demo_names.h. The
 * lists are long enough that a station of a million records still reads
 * like many different sites and people, and short enough to read here.
 */
#include "demo_names.h"
#include "util.h"

#define LIST(a) {(a), DW_ARRAY_LEN(a)}

static const char *const hecheng[] = {
	"迎丰路", "锦溪南路", "人民南路", "天星东路", "鹤洲北路", "红星中路", "顺天北路", "湖天大道",
	"舞水路", "太平桥路", "迎丰东路", "坨院", "城东新区", "河西", "石门", "黄金坳", "芦坪",
};
static const char *const zhongfang[] = {"中方大道", "舞阳大道", "荆坪", "职教城", "桐木", "泸阳", "铜湾"};
static const char *const yuanling[] = {"辰州大道", "沅陵新城", "官庄", "太常", "凤凰山路"};
static const char *const chenxi[] = {"辰阳大道", "孝坪", "火马冲", "沅江路"};
static const char *const xupu[] = {"警予大道", "卢峰", "桥江", "向警予路"};
static const char *const huitong[] = {"林城大道", "若水", "连山", "渠江路"};
static const char *const mayang[] = {"锦江大道", "高村", "吕家坪", "文昌路"};
static const char *const xinhuang[] = {"晃州大道", "龙溪口", "波洲", "侗乡大道"};
static const char *const zhijiang[] = {"和平大道", "受降路", "舞水大道", "芷江新区", "沅水路"};
static const char *const jingzhou[] = {"飞山大道", "渠阳", "甘棠", "五龙路"};
static const char *const tongdao[] = {"双江", "坪坦", "县溪", "侗锦大道"};
static const char *const hongjiangshi[] = {"沅江大道", "黔城", "安江", "托口", "雪峰大道"};
static const char *const hongjiangqu[] = {"古商城", "新街", "桂花园", "沅江路"};
static const char *const gaoxin[] = {"高新大道", "五溪大道", "舞水西路", "城南", "工业园路"};
static const char *const jingkai[] = {"怀黔大道", "鸭嘴岩", "狮子岩", "杨村", "经开大道"};

const demo_district demo_districts[] = {
	{"hecheng", "鹤城区", "431202", 30, 27550100, 109998500, LIST(hecheng)},
	{"zhongfang", "中方县", "431221", 10, 27440000, 109945000, LIST(zhongfang)},
	{"yuanling", "沅陵县", "431222", 4, 28452000, 110393500, LIST(yuanling)},
	{"chenxi", "辰溪县", "431223", 3, 28006000, 110183000, LIST(chenxi)},
	{"xupu", "溆浦县", "431224", 4, 27908000, 110595000, LIST(xupu)},
	{"huitong", "会同县", "431225", 3, 26887000, 109735000, LIST(huitong)},
	{"mayang", "麻阳苗族自治县", "431226", 2, 27866000, 109802000, LIST(mayang)},
	{"xinhuang", "新晃侗族自治县", "431227", 2, 27359000, 109174000, LIST(xinhuang)},
	{"zhijiang", "芷江侗族自治县", "431228", 4, 27443000, 109685000, LIST(zhijiang)},
	{"jingzhou", "靖州苗族侗族自治县", "431229", 3, 26575000, 109696000, LIST(jingzhou)},
	{"tongdao", "通道侗族自治县", "431230", 2, 26158000, 109784000, LIST(tongdao)},
	{"hongjiangshi", "洪江市", "431281", 5, 27209000, 109836000, LIST(hongjiangshi)},
	{"hongjiangqu", "洪江区", "431202", 2, 27110000, 109999000, LIST(hongjiangqu)},
	{"gaoxin", "怀化高新区", "431202", 8, 27515000, 109950000, LIST(gaoxin)},
	{"jingkai", "怀化经开区", "431202", 9, 27590000, 110030000, LIST(jingkai)},
};
const size_t demo_n_districts = DW_ARRAY_LEN(demo_districts);

const demo_project demo_projects[] = {
	{"residential", "安置小区", 40000, 160000, 12000, 60000, 24, 36},
	{"residential", "保障性住房", 20000, 80000, 8000, 30000, 18, 30},
	{"residential", "棚户区改造安置房", 30000, 120000, 10000, 45000, 24, 36},
	{"residential", "商住小区", 50000, 200000, 15000, 80000, 24, 42},
	{"residential", "人才公寓", 15000, 50000, 6000, 20000, 18, 24},
	{"public", "职业中专实训楼", 8000, 20000, 3000, 9000, 12, 20},
	{"public", "中学教学综合楼", 6000, 18000, 2500, 8000, 12, 18},
	{"public", "人民医院门诊综合楼", 20000, 60000, 12000, 40000, 24, 36},
	{"public", "文化艺术中心", 15000, 40000, 10000, 30000, 20, 30},
	{"public", "全民健身中心", 10000, 30000, 6000, 20000, 18, 24},
	{"public", "实验小学扩建工程", 5000, 15000, 2000, 6000, 10, 16},
	{"public", "妇幼保健院住院楼", 12000, 35000, 8000, 25000, 20, 30},
	{"public", "政务服务中心", 15000, 45000, 9000, 28000, 18, 30},
	{"industrial", "标准厂房", 20000, 80000, 5000, 20000, 10, 18},
	{"industrial", "物流园仓储中心", 30000, 100000, 8000, 30000, 12, 24},
	{"industrial", "中药材加工厂房", 8000, 30000, 3000, 10000, 10, 16},
	{"municipal", "污水管网改造工程", 0, 0, 2000, 15000, 8, 18},
	{"municipal", "综合管廊工程", 0, 0, 10000, 60000, 18, 36},
	{"municipal", "老旧小区改造工程", 0, 0, 1500, 8000, 6, 12},
	{"municipal", "雨污分流改造工程", 0, 0, 2000, 12000, 8, 18},
	{"municipal", "污水处理厂提标改造工程", 0, 0, 5000, 20000, 12, 20},
	{"road", "改造工程", 0, 0, 3000, 30000, 10, 24},
	{"road", "提质改造工程", 0, 0, 2000, 15000, 8, 18},
	{"road", "道路新建工程", 0, 0, 5000, 40000, 12, 30},
	{"landscape", "滨水公园", 0, 0, 2000, 12000, 8, 16},
	{"landscape", "风光带建设工程", 0, 0, 3000, 20000, 10, 20},
	{"demolition", "旧厂房拆除工程", 0, 0, 300, 2000, 3, 6},
	{"demolition", "棚改片区房屋拆除工程", 0, 0, 500, 3000, 3, 8},
};
const size_t demo_n_projects = DW_ARRAY_LEN(demo_projects);

static const char *const p_hoarding[] = {
	"东侧围挡约{n}米破损、缺失，底部未设置防溢座",
	"临{road}一侧围挡高度不足2.5米，局部用彩钢瓦临时拼接",
	"北侧出入口两侧围挡不连续，存在约{n}米缺口",
	"围挡底部防溢座开裂，泥浆外溢至人行道",
};
static const char *const p_cover[] = {
	"场内约{n}0平方米裸露土方未覆盖",
	"砂石料堆场未覆盖防尘网，现场有明显扬尘",
	"水泥、石灰等易扬尘材料露天堆放，未入库或覆盖",
	"基坑边坡裸土未覆盖、未固化",
	"防尘网破损老化，覆盖不严密",
};
static const char *const p_wash[] = {
	"出入口未设置洗车平台，车辆带泥上路",
	"洗车平台沉淀池淤满，冲洗设备损坏未修复",
	"无车辆冲洗记录，出场车辆轮胎带泥",
	"洗车平台排水沟堵塞，污水流至{road}",
};
static const char *const p_paving[] = {
	"场内主要道路未硬化，车辆行驶扬尘明显",
	"钢筋加工区地面未硬化，约{n}0平方米",
	"出入口硬化路面破损，积泥严重",
};
static const char *const p_wet[] = {
	"土方开挖作业未采取洒水降尘措施",
	"雾炮机未开启，围挡喷淋系统损坏",
	"拆除作业未湿法作业，粉尘较大",
	"场内道路未定时洒水，车辆经过扬尘明显",
};
static const char *const p_transport[] = {
	"出场渣土车车厢未密闭，顶部未覆盖",
	"渣土运输车辆无建筑垃圾运输处置核准手续",
	"渣土车超载撒漏，{road}路面有撒漏渣土约{n}米",
};
static const char *const p_monitor[] = {
	"扬尘在线监测设备离线，数据未上传监管平台",
	"未安装扬尘在线监测设备",
	"视频监控画面不能正常显示，未接入监管平台",
	"PM10监测仪数据异常，未按期校准",
};
static const char *const p_machinery[] = {
	"现场{n}台挖掘机未办理非道路移动机械编码登记",
	"装载机作业时冒黑烟，排放不达标",
	"使用国二排放阶段挖掘机作业",
};
static const char *const p_board[] = {
	"扬尘防治公示牌未公示举报电话",
	"公示牌所列责任人与实际参建单位人员不一致",
};
static const char *const p_officer[] = {
	"未明确扬尘防治专职管理员",
	"扬尘防治专职管理员不在岗，无日常巡查记录",
};
static const char *const p_rubbish[] = {
	"建筑垃圾露天堆放，未及时清运",
	"楼层建筑垃圾未采用封闭管道或容器清运",
};
static const char *const p_mixing[] = {
	"现场设置砂浆搅拌机，现场搅拌砂浆",
	"现场自拌混凝土，未使用预拌混凝土",
};
static const char *const p_windstop[] = {
	"重污染天气预警期间仍进行土方作业",
	"大风天气未停止土方开挖和场内倒运",
};

const demo_problem demo_problems[] = {
	{"hoarding", "hoarding", 12, LIST(p_hoarding), "立即修复破损围挡，主干道一侧围挡高度不低于2.5米，底部设置连续防溢座"},
	{"cover", "cover", 30, LIST(p_cover), "对裸露土方和易扬尘物料采用防尘网全覆盖，长期裸露土方进行绿化或固化"},
	{"wash", "wash", 20, LIST(p_wash), "完善洗车平台及排水沉淀设施，安排专人冲洗出场车辆并做好冲洗记录"},
	{"paving", "paving", 9, LIST(p_paving), "对出入口、场内道路及材料加工区进行硬化，破损路面及时修复"},
	{"wet", "wet", 12, LIST(p_wet), "土方开挖、拆除和场内倒运全程采取喷淋、雾炮等湿法降尘措施"},
	{"transport", "transport", 8, LIST(p_transport), "使用密闭式渣土运输车辆，办理运输处置核准手续，撒漏路面立即清扫"},
	{"monitor", "monitor", 10, LIST(p_monitor), "修复扬尘在线监测及视频监控设备，接入监管平台并保持正常运行"},
	{"machinery", "machinery", 4, LIST(p_machinery), "未登记机械立即办理编码登记，排放不达标的机械一律退场"},
	{"board", "other", 3, LIST(p_board), "完善扬尘防治公示牌内容，公示责任人及举报电话"},
	{"officer", "other", 3, LIST(p_officer), "明确扬尘防治专职管理员，建立日常巡查记录"},
	{"rubbish", "other", 4, LIST(p_rubbish), "建筑垃圾分类密闭存放，及时清运"},
	{"mixing", "other", 2, LIST(p_mixing), "拆除现场搅拌设备，使用预拌混凝土和预拌砂浆"},
	{"windstop", "other", 1, LIST(p_windstop), "严格执行重污染天气及大风天气停止土方作业的规定"},
};
const size_t demo_n_problems = DW_ARRAY_LEN(demo_problems);

const demo_complaint demo_complaints[] = {
	{"dust", "{place}工地扬尘很大，刮风时灰尘吹进小区，家里窗台每天一层灰",
	 "现场核查，该工地土方作业期间部分裸土未覆盖，雾炮机未开启",
	 "责令施工单位立即覆盖裸土、开启雾炮机，加强洒水降尘，并安排专人巡查",
	 "您反映的扬尘问题经核查属实，已责令施工单位整改，现已整改到位，我站将加强巡查"},
	{"dust,muck", "{place}工地出入口没有洗车，车轮带泥上路，路面一层泥",
	 "出入口洗车平台冲洗不到位，出场车辆带泥上路",
	 "责令施工单位规范车辆冲洗，安排专人清扫出入口及周边路面",
	 "经核查，工地车辆冲洗不到位的问题属实，已督促整改，周边路面已清扫干净"},
	{"muck", "{place}附近渣土车撒漏，下雨天泥泞、晴天扬尘",
	 "出场渣土车车厢覆盖不严，沿线路面有少量撒漏",
	 "责令施工单位清扫撒漏路面，规范车辆密闭运输，并通报城管部门查处撒漏车辆",
	 "经核查，渣土车撒漏问题属实，已责令清扫并规范运输，已联合城管部门加强路面巡查"},
	{"noise,night", "{place}工地晚上十一点后还在施工，噪声很大，影响休息",
	 "施工单位夜间进行混凝土浇筑，未办理夜间施工手续",
	 "责令停止夜间施工，确需连续作业的依法办理夜间施工手续并提前公示",
	 "经核查，该工地夜间施工问题属实，已责令停止夜间作业，今后确需连续施工的将提前公示"},
	{"dust", "{place}拆除作业没有洒水，粉尘很大，家里不敢开窗",
	 "拆除作业时未同步喷淋降尘",
	 "责令拆除作业全程湿法作业，增设雾炮机两台",
	 "经核查，拆除作业未湿法作业属实，已责令整改，现已增设喷淋和雾炮设施"},
	{"dust,other", "{place}工地围挡倒了一段，沙土堆到人行道上",
	 "东侧围挡因大风局部倒塌，沙土外溢至人行道",
	 "责令施工单位立即修复围挡，清理人行道沙土，设置安全警示",
	 "经核查，围挡倒塌问题属实，已于当日修复并清理人行道"},
	{"night,muck", "{place}工地凌晨还在运渣土，车辆轰鸣扰民",
	 "施工单位夜间外运土方，渣土车通行噪声较大",
	 "责令调整渣土外运时段，夜间外运须经相关部门批准并采取降噪措施",
	 "经核查，夜间运输渣土问题属实，已责令调整运输时段"},
	{"other", "{place}工地在焚烧废弃安全网等垃圾，气味刺鼻",
	 "现场发现焚烧废弃防护网痕迹，已熄灭",
	 "责令施工单位严禁焚烧垃圾，废弃安全网等塑料制品集中回收处置，会同生态环境部门处理",
	 "经核查，焚烧垃圾问题属实，已责令整改并移交生态环境部门依法处理"},
	{"noise", "{place}工地打桩噪声大，中午也不停",
	 "桩基施工时段未避开午间休息时间",
	 "责令施工单位午间及夜间停止高噪声作业",
	 "经核查，已责令施工单位合理安排高噪声作业时间，午间停止打桩作业"},
	{"dust", "{place}工地现场搅拌砂浆，水泥灰到处飞",
	 "现场设有砂浆搅拌机进行现场搅拌",
	 "责令拆除现场搅拌设备，改用预拌砂浆",
	 "经核查，现场搅拌砂浆问题属实，已责令拆除搅拌设备并改用预拌砂浆"},
};
const size_t demo_n_complaints = DW_ARRAY_LEN(demo_complaints);

/* Common surnames listed more than once to come up more often; the Dong
 * and Miao surnames of western Hunan (粟, 滕, 龙, 杨, 吴) among them. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "王", "李", "张", "刘", "陈",
	"杨", "向", "舒", "粟", "滕", "蒲", "龙", "石", "田", "唐", "彭", "谭", "曾", "肖", "邓",
	"蒋", "姚", "覃", "胡", "罗", "梁", "宋", "谢", "许", "郑", "何", "易", "邹", "瞿", "钟",
	"毛", "贺", "欧阳", "段", "雷", "侯", "米", "丁", "潘", "戴", "夏", "尹", "江", "廖", "黎",
};
static const char *const given[] = {
	"伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
	"霞", "平", "刚", "俊", "宇", "浩", "鹏", "飞", "辉", "玲", "婷", "丹", "斌", "鑫", "波",
	"秀英", "建华", "志强", "海燕", "晓东", "红梅", "国庆", "文斌", "小红", "雪梅", "建国", "卫东",
	"德华", "春生", "晓燕", "立新", "永红", "家豪", "子涵", "思远", "建平", "海波", "丽华", "志刚",
	"光明", "金凤", "友军", "桂花", "新民", "长青", "正华", "爱民", "远航", "雨欣", "俊杰", "梦婷",
};
static const char *const mobile[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
	"155", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "185",
	"186", "187", "188", "189", "191", "199",
};
static const char *const staff[] = {"张伟", "向明辉", "舒丽娟", "杨建军", "粟海波", "刘晓燕"};

const demo_list demo_surnames = LIST(surnames);
const demo_list demo_given = LIST(given);
const demo_list demo_mobile_prefixes = LIST(mobile);
const demo_list demo_staff = LIST(staff);

static const char *const gov_builders[] = {
	"城市建设投资有限公司", "住房和城乡建设局", "城乡建设投资集团有限公司", "教育局", "交通运输局",
	"城市管理和综合执法局",
};
static const char *const developers[] = {
	"怀化锦溪置业有限公司", "湖南五溪房地产开发有限公司", "怀化舞水湾置业有限公司",
	"怀化鹤洲房地产开发有限公司", "湖南沅江实业发展有限公司", "怀化恒泰置业有限公司",
	"怀化天鸿房地产开发有限公司", "湖南雪峰山置业有限公司", "怀化华锦置业有限公司",
	"怀化五溪物流园开发有限公司", "怀化市城市建设投资有限公司", "怀化高新技术产业开发区建设投资有限公司",
};
static const char *const contractors[] = {
	"湖南省第六工程有限公司", "湖南省第五工程有限公司", "湖南省第四工程有限公司",
	"湖南建工集团有限公司", "中建五局第三建设有限公司", "湖南省沙坪建设有限公司",
	"怀化市第一建筑工程有限公司", "怀化鹤城建筑工程有限公司", "湖南顺天建设集团有限公司",
	"湖南五溪建设工程有限公司", "湖南雪峰建设有限公司", "湖南辰州建设有限公司",
};
static const char *const road_contractors[] = {
	"湖南路桥建设集团有限责任公司", "怀化市路桥建设有限公司", "湖南省第六工程有限公司",
	"湖南沅江水利水电建设有限公司", "中铁五局集团第一工程有限责任公司",
};
static const char *const green_contractors[] = {
	"怀化园林绿化工程有限公司", "湖南五溪生态环境建设有限公司", "湖南恒安拆除工程有限公司",
};
static const char *const supervisors[] = {
	"怀化建设监理有限公司", "湖南长顺项目管理有限公司", "湖南省建设监理有限公司",
	"怀化正信工程项目管理有限公司", "湖南雁城建设咨询有限公司", "湖南天鉴工程项目管理有限公司",
	"湖南和天工程项目管理有限公司", "怀化市交通工程监理有限公司",
};
static const char *const phases[] = {
	"", "", "", "", "一期", "二期", "二期", "三期", "（一标段）", "（二标段）", "A区", "B区",
};
static const char *const site_notes[] = {
	"", "", "", "紧邻居民区，严格控制夜间施工", "临近学校，重点关注上下学时段渣土运输",
	"市级重点项目", "位于城区主干道旁，围挡高度按2.5米控制", "土方量大，重点关注渣土运输和车辆冲洗",
};
static const char *const laptops[] = {
	"联想ThinkPad E14 笔记本", "华为MateBook D14 笔记本", "戴尔Latitude 3420 笔记本", "荣耀MagicBook 14 笔记本",
};
static const char *const opinions_pass[] = {
	"现场扬尘防治措施落实到位，继续保持。",
	"各项措施基本落实，雨后注意及时清理出入口积泥。",
	"扬尘防治措施落实较好，注意防尘网破损后及时更换。",
	"",
};
static const char *const opinions_rectify[] = {
	"责令施工单位按期整改到位，整改完成后书面回复我站，我站将组织复查。",
	"存在问题已当场指出，限期整改，监理单位督促落实。",
	"请施工单位举一反三，全面排查扬尘防治措施，按期整改到位。",
};
static const char *const opinions_stopwork[] = {
	"扬尘污染问题突出，责令停工整改，经我站复查合格后方可复工。",
	"多项扬尘防治措施未落实，责令停工整改并约谈项目负责人。",
};
static const char *const return_reasons[] = {
	"不符合项未附问题照片，请补充后重新提交", "问题描述不具体，请写明具体位置和数量",
	"检查日期与受检单位签字时间不一致，请核实", "整改期限与通知书不一致，请核实",
	"检查意见未填写，请补充",
};
static const char *const resubmit_notes[] = {
	"已按审核意见补充完善。", "已核实并更正，请审核。", "问题位置和数量已补充说明。",
};
static const char *const reinspect_ok[] = {
	"经复查，通知书所列问题已整改到位。", "已按要求整改，施工单位已书面回复。",
	"整改到位，监理单位已签认整改回复单。", "现场复查，所列问题均已整改，整改前后照片已存档。",
};
static const char *const reinspect_bad[] = {
	"复查时部分问题仍未整改到位，已约谈施工单位项目经理。",
	"逾期未整改，已约谈建设单位和施工单位负责人，限三日内整改到位。",
	"整改不到位，拟移交行政处罚并列入黑榜。",
};
static const char *const survey_comments[] = {
	"", "", "", "", "", "希望加强夜间施工管理", "工地周边道路保洁还需加强", "监督站处理投诉很及时",
	"渣土车撒漏问题希望继续整治", "希望工地多开雾炮", "总体比去年好很多",
};
static const char *const machinery_notes[] = {
	"", "在场机械均已登记，未发现冒黑烟现象。", "已要求施工单位建立非道路移动机械进出场台账。",
};
static const char *const net_problems[] = {
	"破损安全网未及时更换，废弃防护网随意堆放", "发现焚烧废弃塑料制品痕迹",
};
static const char *const agreement_terms[] = {
	"", "", "遇重污染天气预警，按应急预案要求停止土方作业。",
	"施工单位每月向监督站报送扬尘防治自查情况。",
};
static const char *const unregistered_places[] = {
	"顺天北路与红星中路交叉口附近", "迎丰路与锦溪南路交汇处", "天星东路一零星房屋装修点",
	"人民南路市政管道维修段", "舞水路沿线",
};

const demo_list demo_gov_builders = LIST(gov_builders);
const demo_list demo_developers = LIST(developers);
const demo_list demo_contractors = LIST(contractors);
const demo_list demo_road_contractors = LIST(road_contractors);
const demo_list demo_green_contractors = LIST(green_contractors);
const demo_list demo_supervisors = LIST(supervisors);
const demo_list demo_phases = LIST(phases);
const demo_list demo_site_notes = LIST(site_notes);
const demo_list demo_laptops = LIST(laptops);
const demo_list demo_opinions_pass = LIST(opinions_pass);
const demo_list demo_opinions_rectify = LIST(opinions_rectify);
const demo_list demo_opinions_stopwork = LIST(opinions_stopwork);
const demo_list demo_return_reasons = LIST(return_reasons);
const demo_list demo_resubmit_notes = LIST(resubmit_notes);
const demo_list demo_reinspect_ok = LIST(reinspect_ok);
const demo_list demo_reinspect_bad = LIST(reinspect_bad);
const demo_list demo_survey_comments = LIST(survey_comments);
const demo_list demo_machinery_notes = LIST(machinery_notes);
const demo_list demo_net_problems = LIST(net_problems);
const demo_list demo_agreement_terms = LIST(agreement_terms);
const demo_list demo_unregistered_places = LIST(unregistered_places);

/* 正月初一 of each year: the week of holiday after it shapes the year. */
static const char *const spring_festival[] = {
	"2000-02-05", "2001-01-24", "2002-02-12", "2003-02-01", "2004-01-22", "2005-02-09",
	"2006-01-29", "2007-02-18", "2008-02-07", "2009-01-26", "2010-02-14", "2011-02-03",
	"2012-01-23", "2013-02-10", "2014-01-31", "2015-02-19", "2016-02-08", "2017-01-28",
	"2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12", "2022-02-01", "2023-01-22",
	"2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13",
	"2030-02-03", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08",
};

int64_t demo_spring_festival(int year)
{
	int64_t day;
	if (year < 2000 || (size_t)(year - 2000) >= DW_ARRAY_LEN(spring_festival))
		return -1;
	return parse_date(spring_festival[year - 2000], &day) == 0 ? day : -1;
}
