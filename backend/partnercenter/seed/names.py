"""Word lists for realistic Chinese demo data (people, companies, opportunities).

Every list is a tuple so that ``random.Random(seed).choice`` over it is deterministic.
"""

from __future__ import annotations

from partnercenter.customers.enums import Industry

# Surnames with pinyin, most frequent first (weights roughly follow their frequency).
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"),
    ("曾", "zeng"), ("萧", "xiao"), ("田", "tian"), ("董", "dong"), ("潘", "pan"),
    ("袁", "yuan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"),
)  # fmt: skip

GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"),
    ("刚", "gang"), ("婷", "ting"), ("浩", "hao"), ("宇", "yu"), ("鹏", "peng"),
    ("欣", "xin"), ("怡", "yi"), ("晨", "chen"), ("思", "si"), ("佳", "jia"),
    ("子", "zi"), ("睿", "rui"), ("博", "bo"), ("文", "wen"), ("斌", "bin"),
    ("辉", "hui"), ("俊", "jun"), ("海", "hai"), ("峰", "feng"), ("琳", "lin"),
    ("雪", "xue"), ("慧", "hui"), ("颖", "ying"), ("晓", "xiao"), ("建", "jian"),
    ("国", "guo"), ("志", "zhi"), ("泽", "ze"), ("雨", "yu"), ("萱", "xuan"),
    ("一", "yi"), ("鑫", "xin"), ("凯", "kai"), ("昊", "hao"), ("天", "tian"),
)  # fmt: skip

# City -> region 大区. Weighted towards the large economic centres by repetition in CITY_WEIGHTS.
CITIES: tuple[tuple[str, str], ...] = (
    ("北京", "华北"), ("天津", "华北"), ("石家庄", "华北"), ("太原", "华北"), ("呼和浩特", "华北"),
    ("上海", "华东"), ("杭州", "华东"), ("南京", "华东"), ("苏州", "华东"), ("宁波", "华东"),
    ("无锡", "华东"), ("合肥", "华东"), ("济南", "华东"), ("青岛", "华东"), ("福州", "华东"),
    ("厦门", "华东"), ("南昌", "华东"),
    ("广州", "华南"), ("深圳", "华南"), ("东莞", "华南"), ("佛山", "华南"), ("南宁", "华南"),
    ("海口", "华南"),
    ("武汉", "华中"), ("长沙", "华中"), ("郑州", "华中"),
    ("成都", "西南"), ("重庆", "西南"), ("昆明", "西南"), ("贵阳", "西南"),
    ("西安", "西北"), ("兰州", "西北"), ("乌鲁木齐", "西北"), ("银川", "西北"),
    ("沈阳", "东北"), ("大连", "东北"), ("哈尔滨", "东北"), ("长春", "东北"),
)  # fmt: skip
CITY_WEIGHTS: tuple[int, ...] = tuple(
    {"北京": 10, "上海": 10, "深圳": 9, "杭州": 8, "广州": 8, "成都": 6, "南京": 5, "苏州": 5,
     "武汉": 5, "西安": 4, "重庆": 4}.get(city, 2)
    for city, _ in CITIES
)  # fmt: skip

# Characters for company word stems 字号 (two of them make one stem, e.g. 云栖, 星河).
STEM_FIRST: tuple[tuple[str, str], ...] = (
    ("云", "yun"), ("星", "xing"), ("瀚", "han"), ("博", "bo"), ("睿", "rui"),
    ("华", "hua"), ("鼎", "ding"), ("恒", "heng"), ("启", "qi"), ("天", "tian"),
    ("中", "zhong"), ("智", "zhi"), ("金", "jin"), ("长", "chang"), ("凌", "ling"),
    ("数", "shu"), ("易", "yi"), ("宏", "hong"), ("汇", "hui"), ("联", "lian"),
    ("新", "xin"), ("青", "qing"), ("蓝", "lan"), ("极", "ji"), ("远", "yuan"),
    ("卓", "zhuo"), ("锦", "jin"), ("万", "wan"), ("明", "ming"), ("致", "zhi"),
    ("嘉", "jia"), ("光", "guang"), ("盛", "sheng"), ("泰", "tai"), ("润", "run"),
    ("安", "an"), ("海", "hai"), ("信", "xin"), ("同", "tong"), ("正", "zheng"),
)  # fmt: skip
STEM_SECOND: tuple[tuple[str, str], ...] = (
    ("栖", "qi"), ("河", "he"), ("海", "hai"), ("远", "yuan"), ("智", "zhi"),
    ("信", "xin"), ("新", "xin"), ("通", "tong"), ("明", "ming"), ("元", "yuan"),
    ("科", "ke"), ("联", "lian"), ("桥", "qiao"), ("风", "feng"), ("图", "tu"),
    ("达", "da"), ("创", "chuang"), ("航", "hang"), ("禾", "he"), ("鲸", "jing"),
    ("光", "guang"), ("景", "jing"), ("越", "yue"), ("程", "cheng"), ("象", "xiang"),
    ("德", "de"), ("和", "he"), ("华", "hua"), ("泽", "ze"), ("辰", "chen"),
    ("峰", "feng"), ("源", "yuan"), ("宇", "yu"), ("拓", "tuo"), ("驰", "chi"),
)  # fmt: skip

# Industry words of a company name, per industry (the last char may already say 科技).
INDUSTRY_WORDS: dict[Industry, tuple[str, ...]] = {
    Industry.INTERNET: ("数据科技", "网络科技", "信息技术", "互联网科技", "云计算技术", "软件"),
    Industry.FINANCE: ("金融服务", "投资管理", "融资租赁", "支付科技", "金融信息服务", "保险代理"),
    Industry.GOVERNMENT: ("智慧城市科技", "数字政务服务", "城市建设投资", "大数据运营", "公共资源交易服务"),
    Industry.MANUFACTURING: ("精密机械", "电子", "智能制造", "汽车零部件", "新材料", "装备制造"),
    Industry.RETAIL: ("商贸", "连锁超市", "电子商务", "百货", "供应链管理", "零售科技"),
    Industry.EDUCATION: ("教育科技", "职业培训", "在线教育科技", "文化教育", "教育信息技术"),
    Industry.HEALTHCARE: ("医疗科技", "医药", "健康管理", "生物科技", "医疗器械"),
    Industry.ENERGY: ("新能源", "电力工程", "能源科技", "光伏科技", "储能技术", "燃气"),
    Industry.TRANSPORT: ("物流", "运输", "智慧交通科技", "航运", "供应链科技", "快递"),
    Industry.MEDIA: ("文化传媒", "影视文化", "广告", "新媒体科技", "出版传媒"),
    Industry.GAMING: ("网络游戏", "互动娱乐", "游戏科技", "数字娱乐"),
    Industry.OTHER: ("实业", "企业管理咨询", "建筑工程", "商务服务", "环保科技"),
}

# Relative frequency of industries among the customers of a cloud reseller.
INDUSTRY_WEIGHTS: dict[Industry, int] = {
    Industry.INTERNET: 20, Industry.FINANCE: 8, Industry.GOVERNMENT: 7, Industry.MANUFACTURING: 14,
    Industry.RETAIL: 11, Industry.EDUCATION: 7, Industry.HEALTHCARE: 6, Industry.ENERGY: 5,
    Industry.TRANSPORT: 6, Industry.MEDIA: 6, Industry.GAMING: 5, Industry.OTHER: 5,
}  # fmt: skip

COMPANY_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("有限公司", 40),
    ("科技有限公司", 30),
    ("股份有限公司", 18),
    ("集团有限公司", 7),
    ("技术有限公司", 5),
)
EMAIL_DOMAIN_TAILS: tuple[str, ...] = ("", "", "tech", "group", "cloud", "data", "info")
EMAIL_TLDS: tuple[str, ...] = (".com", ".com", ".cn", ".com.cn", ".net")
MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "191", "195", "198", "199",
)  # fmt: skip

CUSTOMER_TAGS: tuple[str, ...] = (
    "重点客户", "新签", "续约", "高潜", "流失风险", "战略客户", "上云迁移", "大促保障",
)  # fmt: skip
GOV_LIKE: frozenset[Industry] = frozenset({Industry.GOVERNMENT, Industry.FINANCE, Industry.ENERGY})

# Cloud products as they appear in opportunity names.
PRODUCTS: tuple[str, ...] = (
    "ECS弹性云服务器",
    "GaussDB数据库",
    "OBS对象存储",
    "CDN带宽",
    "RDS for MySQL",
    "CCE容器集群",
    "ModelArts算力",
    "DWS数据仓库",
    "云桌面",
    "DCS缓存",
    "ELB负载均衡",
    "WAF防火墙",
)

# Needs per industry, used for new purchases and migrations.
INDUSTRY_NEEDS: dict[Industry, tuple[str, ...]] = {
    Industry.INTERNET: (
        "App高并发弹性架构",
        "视频直播CDN加速",
        "容器化微服务改造",
        "全站加速",
        "大数据平台建设",
    ),
    Industry.FINANCE: (
        "金融级分布式数据库",
        "两地三中心容灾",
        "核心系统信创改造",
        "智能风控平台",
        "等保三级合规",
    ),
    Industry.GOVERNMENT: (
        "政务云平台建设",
        "一网通办系统上云",
        "城市数据中台",
        "政务大模型应用",
        "视频监控云存储",
    ),
    Industry.MANUFACTURING: ("工业互联网平台", "MES系统上云", "ERP上云", "供应链协同平台", "质检AI视觉"),
    Industry.RETAIL: ("电商大促弹性扩容", "会员营销数据中台", "门店POS系统上云", "小程序商城", "ERP上云"),
    Industry.EDUCATION: ("在线课堂视频点播", "智慧校园平台", "教学资源云存储", "考试系统弹性扩容"),
    Industry.HEALTHCARE: ("医学影像云存储", "互联网医院平台", "HIS系统上云", "基因测序算力"),
    Industry.ENERGY: ("智能电网物联网平台", "光伏电站监控大数据", "能源调度系统上云", "储能云平台"),
    Industry.TRANSPORT: ("智慧物流调度系统", "车联网数据平台", "TMS系统上云", "港口数字孪生"),
    Industry.MEDIA: ("媒资云存储与转码", "视频直播CDN加速", "内容审核AI", "融媒体平台"),
    Industry.GAMING: ("游戏全球同服加速", "手游服务器集群", "游戏反外挂安全", "游戏日志分析平台"),
    Industry.OTHER: ("企业办公云桌面", "ERP上云", "OA系统上云", "网站托管与备案"),
}
GENERIC_NEEDS: tuple[str, ...] = (
    "AI大模型训练算力", "数据湖仓一体化建设", "等保2.0安全合规", "对象存储归档", "盘古大模型行业应用",
    "混合云灾备", "数据库上云", "DevOps研发平台",
)  # fmt: skip
MIGRATION_NEEDS: tuple[str, ...] = (
    "混合云迁移项目", "IDC整体上云", "数据库迁移上云", "ERP上云", "核心业务系统迁移", "友商云迁移",
    "VMware替换上云",
)  # fmt: skip
NAME_TAILS: tuple[str, ...] = ("项目", "项目", "", "", "（二期）", "（一期）", "采购")

DESCRIPTIONS: tuple[str, ...] = (
    "客户计划本季度完成选型，关注性价比与本地化服务。",
    "客户CIO牵头，预算已立项，需提供POC环境。",
    "竞争对手已报价，需尽快提交方案与商务报价。",
    "客户现有IDC合同年底到期，有较强迁移意愿。",
    "需要华为云架构师支持方案设计与容量评估。",
    "客户要求满足等保三级，需同步提供安全方案。",
    "已完成技术交流，待客户确认资源清单。",
    "客户希望采用包年包月方式，需申请项目折扣。",
)

PROGRESS_NOTES: dict[str, tuple[str, ...]] = {
    "LEAD": ("首次拜访客户，了解业务现状与上云诉求。", "通过市场活动获取线索，已建立联系。"),
    "QUALIFIED": ("已与客户IT负责人沟通，确认需求范围与预算。", "客户确认有明确采购计划，进入需求确认。"),
    "SOLUTION": (
        "提交初版技术方案，客户反馈良好。",
        "完成POC测试，性能满足客户要求。",
        "联合华为云SA完成架构评审。",
    ),
    "NEGOTIATION": (
        "已提交报价单，等待客户内部审批。",
        "客户要求进一步折扣，正在申请特价。",
        "合同条款沟通中。",
    ),
    "WON": ("合同已签署，资源开通中。", "客户完成首单支付，项目赢单。"),
    "LOST": ("客户选择了友商方案，项目输单。", "客户预算取消，项目暂停。"),
}
