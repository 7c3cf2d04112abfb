"""pack_text(): article text spelt in about 0.6 of its UTF-8 bytes, for the search records.

The result records (search/docs/) hold each article's whole text, for the snippet, the phrase
check and the highlights: the bulk of search/.  A Chinese character takes three bytes in UTF-8;
here the CHARACTERS most used in Chinese writing take one or two printable ASCII symbols
instead, and any other character stands for itself.  A static table, the same for every
archive and every build, so that a record's bytes depend on its article alone (an edit
rewrites one record) and the same text always packs the same.

The code: ALPHABET is the 91 printable ASCII symbols but the quotes and the backslash (never
escaped in JSON or in a script).  The first ONE symbols spell CHARACTERS[0:ONE]; each other
symbol leads a pair whose second symbol is any of the 91, spelling the rest in order.  Every
ASCII symbol is in CHARACTERS, so a symbol of the alphabet in the packed text is always code;
anything else (rarer characters, spaces, line breaks) is itself.

The order: the space, Chinese punctuation and digits first, then the characters of jieba
0.42.1's dictionary (MIT), each weighted by the frequencies of the words that hold it
(``python -m generator.search.chars dict.txt`` prints it), then the ASCII symbols left over.
On the real issues packing takes 0.61 of the UTF-8 bytes; on the benchmark archive, 0.64.
``static/dcsx-index.js`` (``unpackText``) reads it back.
"""

from __future__ import annotations

import sys
from collections import Counter

ALPHABET = "".join(c for c in map(chr, range(0x21, 0x7F)) if c not in "\"'\\")
ONE = 56
CHARACTERS = (
    " ，。、“”：；（）0123456789！？《》—…·%一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成"
    "行下们于后就发自之对得主长可过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所"
    "如现理机体表力好外与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她合"
    "院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声"
    "提品设或义王社很统处四首共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便"
    "走达族反再题色五京河接条规县式白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完"
    "质阳难增历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑革该持始英克士尔让拉思根格造较际亲单朝红"
    "型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源息语股铁"
    "断派速怎需片爱律纪支早况病境证编越局推满且列觉服双未居除乐企引标确织初青志率项飞球察节龙响药站施均消客失轻存低甚般击曾防请离落显"
    "罗营足素视护副食创余照兴占巴虽洲村费易试星木黑左宝置跟央识维采六底宫房音环案批切斗富乡另倒若按查故突责严桥模仅胜杀围席态破承招杨"
    "负层须父供续状域似依银范修找九致密终血旅钱赛独细效玉冲获习医演毛尽脸弹楼艺航陆右协七攻镇检写苏宗章注阿抗弟坐验封紧劳户优财养适陈"
    "喜卫排射哥油刻留急降念云微伤例景拿绝阶座刘刚害印亿沙母酒助闻超审待压升送监策略限竟香配藏敌呢差仍兰温园树征善波哪词岛止预怕继皮执"
    "味份角草男普答益谁船惊核街夏宣掌田久著画辑奇尼剑吧谈背免孩礼材愿洋春架筑括晚乱乎讲尚良友临激刀夜室既敢邦挥昌板胡欧福港叶简苦担句"
    "岁荆贵娘守辖威宜衣帮块堂额错剧充欢够孙班呼阵销坚练脚退读测吴希宁换版异某顾曲楚典朱毒菜判救宋茶洪含顺啊鲜败货矿端兄归冷忙买险康评"
    "肉吗厂永哈沉散遗停笔假输牛洞松渐顶训录否述毕督控丰献姑忽爷互亮纳襄登咱钟伯臣雄季脑介鄂召饭暗扩祖齐短烈赶牌恩诉移诗础露届蒙静喝盘"
    "卖植授伊湾博痛减穿逐秘庭陵固禁票灵杂姓泽吸侧庆妈遇追甲馆补唐炮沿殿刺怪彩俄旧警索岸轮妇载靠附毫怀软骨探雷旁罪枪牙迎序慢盛雨墙恶谷"
    "顿危稳熟概酸操诸绿佛荣针托宽折野付午肯库厚缺罢耳屋嘴末谢培巨页瓦款犯困店智拥雪翻圣戏旗吉婚奖岩疑币圆歌廷健卡烧析讨跑烟误仙疗舞亡"
    "闭汽伸脱秋姐繁侵川莫麻秀借寻私岗卷跳丽横驻套兼您君丁束纸夺袁灯坏坦丝径购阴床瞧择墓宪峰遍鲁庙掉丹桃御舰避售怒课播拔奥延虚隐粮络遭"
    "摇潜庄混厅婆奴鼓赵访睡震予童徐韦殖抓拜吨扬址洛休纵逃染纷贸透汇灭蛋森仪塔距狐融郡缓聚盖拍迹忠释润粉涓孔岭搜紫虑促抵钢塞寺津液码虎"
    "坛珍硬梁奔累役偏迫锛凡损壁哭替税综伦冰盟挂韩竞乌尤弱铺妹秦尊竹珠迅脉泥鬼纯睛刑途隆潮幅杯握谋剂幸奉乘抱朋谓频崇壮骑紝恐享鸡虫绍铜"
    "呈泛械摆欲奶敬措爆暴签猛郭嘉障缩亦废搞胞埃曰撤暖寒订俗绩阻盐萨勒忘奏孝贴灰梅触玩默胸醒莲篇柱裁啦淡抢捕闹纺截讯朗誉雅忍梦伙勇峡徒"
    "丈尾迷唱泉泰佳残闪伍呀疾署剩贼冠倾豆申贫诺麦泪羊尖辈镜涉贡爹缘摩妻殊贝零映甘骂糖岳饮奋棉雕跃汗冒渡努赞启阁斤裂患伏池鹿洗劲晋倍圈"
    "媒箭沟锋胆凭挑抬闯隔弄曹汤苗迁叹唯振储贯彻桌祭符僧衡炸旋凤喊黎郎援肥磁忌赏辽祥董仁辛瑞询敏浪貌毁昨巧腿抽荷陷焦净腹弃乃湘亩滑狗冬"
    "宏皆番尸伟桂览恢龄绕趣晶坡魏摸伴墨浓绪舍蓝荡阅井鸿旦惯症鸟扎窗辞聘穷堰宇键荒递恨隶厉杜闲腰袭侍灾涨叔湿寨幕豪郑磨浮薄券赤腐译租氧"
    "戴邓煤肠牧孤诏妙旨堡册锅胖柳阔吹丘趋锦颜悬陶拳诚尺晓插蒋艇勤穴摄燕垂罚辆戒稀腾粗袋绘炎氏肩枝泊狂估杭扑臂哲寡偷懂琴悲盾炒稍矛愈籍"
    "颁吐呆违亭眉撞贷刊巡屈堆曼饰碎滚悉寄浜迟描污辅魔烦鼻盗餐幼凉仗冈澳驾銆菌肚肃爸仰抚慈扶仿盆炼纲倘杰碗忧惜扫暂祝跨渔宾漫寿猪涌凝邻"
    "赴恰劝仇践顷赋悄莱拟贤愤姆乏轰粒逼傅陕昆溶葬燃魂挺腊耐犹辉乳陪颇斜棋殑熊浅沈姊返翼丧拖惨俊驱袖惠涂添牵咸详碰割侯柔纤档糊岂跪拒覆"
    "绣吓宿偶揭赖烤卢娃颗邮扇伐循衰弦凯羽枚帅锁疏搭俱帐胶赫鐨埋蒸壳剉彼脏箱浙弯瓜挡拱筹疆肿膜刷杆凶债甜泡玄贾谱夹乾遣薪灌咬尘填廊钻丛"
    "狼牢脊熙卒碑漠躲削徽踏贺朵遵狠菲撒扰蛇锡炉纹亏匹鉴慕跌慌穆邀芳爬豫吾奸棒淮捷耕艘齿醉脂兽滴盈卵滋柴溪妃浠碍瓶辩遂怨拨肌俘挖恒励鸣"
    "肝偿腔秒拦允塑拆靖耗凌披胁吏纽烂尝垸辟耶艰佩敦疼荐厘匠柏悠壤拾乔轴妖喷掩璃孟歇轨猜晨坊桑堤畅瞎氨辨鞋昏恭畜浩迪雾丢咨擦洁窝飘捉搬"
    "奈肤愁砖幽辣嘛赢藕挤舒狮耀诊扣篮尿唤梯勾霍侠舌筋枢屏衙殷栏纠链恋惧笼冶寸弥晃叙吊哩稿娜剥拼欺囊榜汪逆堪骗猎棺胎俩郊掘匆缝乙藻携慧"
    "函辱嫩扯癌悟滩祸秉慰驰狱砍糕吞漏纬茅渠催踪叛浑牲杖鞭腺邪欣汝碳彭咐椒绳颈漆遥夷郁斑忆阀卑宴抑逻嫁扭胃仔恼贪兆庸屽僭疯侦鹰驶斩鹤猴"
    "瘦蜂赐闷柄椅轿拓扮砂傻粘辐啥鏄伪抛玻昂圳侨吟刃吕饱玛碱冯仓钦哼庞儒叉泄臭艾蓉鼠捧祯舱坝芙瘤勃帽敲吻契舟夸葡剪抖霸艳宸聪仆躺瑶谦炭"
    "卧袍猫珊溜漂衔苍坑串浆碧巷咽铸押惩迈锐颤滨疲履盒宅喀缠饿翁幻逢扁旱罕怜姻蓄惟磷槸帕掠劫稻撑姿肾胀慎哨摔谨鹅丑塘肺镑趁蜀兑哦贞禧葛"
    "仲惑蔡踢妥筒诞禀朴祀萄饼澶狭杩赔绵诱卜陀呵抹疫辰顽蓬倡摊浦矩账翠煌茂畏劣氛廉鸭瓷戈秩弗悔尉挣拐芦鼎睁脾聊株枯纱幺冻唇茫哀芬轩蛮棍"
    "醇晕嫂宙酷郧欠稷孕鹏槽栖吩姚昭罐叠墩盼舆芒斥酬捐斋簡眠脆萧璋皱卿蚀淋卓翰钉棣丫宰阐翅沃挨霖哄爵涔衫逊铭戚旺硕擅嫌赌隋肖饶沪雇罩丐"
    "煎掷摘誓竴冤坤屁竭屾宛菱厌矮潭渊俺崖氢棚喇涵裕溃堵媳抄鍙怔蒂肢泌瑜甫檐鏈寂颠撰逝霜羞佐铅帖硫蹈鍦痕瞬挽爽禅娶柯屯韵婴悦肴螺凑兹烛"
    "歼毅杉慨钧渗蜜遮窑厦谐匈柜喉愧栽扔苯谊肆霞吵屼笉夕壶赚尹窄弓谭盲勋饲窟俞嗣煮巾裤膨奠瞪珞愚膏喘姜膀蔬糟僚匾妄畴喂沔耻牺旭妨硅崩雌"
    "陛卸砸贩竖佸攀伞晒惹裹屠汁擒鳞佣浣渴叩掀雀龟唉泼亥僵屡哊瞒厮璇刮钩桐谅隙丞盯霉侄逸浸爪阙坟咳宠脖彪朕虹甸衍鳍讼虾芝涛巩熔嘿峻怖磕"
    "掏洒枣滞鈥舅昔哑焕娱芯捞衷卦旬矣茨蜡喻婶挪琉枕娇豹傲厨腕巢氯燥焚乖嘱禄赠晌鍚琦铃雁姨焰蹄虏鍒粑潘饥兀捏缔歪蕴鸦嘻俯锻庵骤吁剿禽勉"
    "膝捣茎晴厢匀灏梨涯蒲驼匪撕嗯樊搏缚垄寓愣斌麋劈旷舵薛沸丸泳绸炬寰缴贱躯褐嚷酶拌颂帜陡鍏募佑皖鎴绑啡仑麓鏉帘镖钠刹妆禾弊藤哇痴凰歧"
    "驴喃铝闸滥耍桶酱惶躬熬娥剅啸淘裙骚亨勘窃挫凿塌咖垫芽凸钙哟框翔逮舶锥怡魄灶浴懒橡蔽硝晰盏赦庐谕鄙拂菩栗琳沼圭屿砌倚棵瑰羲酿诈锌杏"
    "卤婉沦躁斧淳兔凛哎淫阮剖蕲烹咕姥蚕兜璧搅帆暇裸購趟粹吼哗冀呜搁瞻乞骇炕垮岃拘嵌笛鹃菊淀肪愉鞍犬弧蹲椎阎浏诵烘榴腥裘萝颊蟹灿摧棱琼"
    "凄骄怯梢淑丙暮媚钊沫糯驳崔炳谏畔缅襟锤觅鍑拢胪诀奢叮榨瀹苹沾傚渝枉辜髓坠瑟棕萍贿嫣泣峨憾胺甩陂寇烯钓沧瞅坪暑耸垒傍垜睹薯溢鏃咋缁"
    "谜嗓窜贬戟葱屑湁胚犁莎囚颖腻诡藩彦勫巍痒蹇芷湪赣沐膊婢粤喧贮逛恍菇諲邢绮厥澄邵耽讽衬恕烫毯仕拚昼闽勿繖桓钾膛歉膳詹坎敛碌狄沽侮垱"
    "寝妾嗽埔眷揪牡毙涡荫鍐桩釜锣梳瀛缮咀揽雍铲倦厄岱弘淤尴玲鎵恳祠粥衢戳秃瀑搂迭垃缸郝挠瑙瞄莽粟呐跋歹豚驿圾胳魁诧绒鞑谎尬陌粬讳蝶咒"
    "凳裔梭涅杈泻苇娟焉迦巫扒翊敷谣隅凹撇蚁氮苑妓綘潇禹朽寮郢伽粪诛醋栋谴隧簇踩礁庶笅衮嘲噪堕濂鲟彝斐柬卞沛篷祁耿嚼宦溯黔浇敞绞瓣傛嶅"
    "窦蕃汰鲍遏魅槐鞘钞徙讶琐碟琢滤嗤鐪蠢锰嵋篘逾弼绅腑瑚稽溉宵祈備庇蒿蛛窍勬玫煞笨鸽泵袱堝捡薇拈驯骡肇砰垣迄斟灼漕澜萼葫鏂梗洼筷僻镶"
    "鳌捆昧跺曙棘滄阜豁挟睿矢湛酥惕淹眨岔稼邹灞逵揉俭蛙匣盔羌陋缆聂抒痰莉湴慷後懈扳琛芜骆汛悍呕岀虞瑕酚伺細拽羡鐗鍔蔗滇苔彬拇冥鍗厕絮"
    "藉奕窥羹閲铮矶夊匕晖逗傗哺倪怠檀瞩窖蕉缀苕猿浊璁瞥!#$&()*+,-./:;<=>?@ABCDEFGHIJKLMNOPQRST"
    "UVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"
)
_FIRST = " ，。、“”：；（）0123456789！？《》—…·%"

_BASE = len(ALPHABET)
_CODE = {ord(c): ALPHABET[i] if i < ONE else ALPHABET[ONE + (i - ONE) // _BASE] + ALPHABET[(i - ONE) % _BASE]
         for i, c in enumerate(CHARACTERS)}
_INDEX = {c: i for i, c in enumerate(ALPHABET)}


def pack_text(text: str) -> str:
    """The text in the code above (the inverse of unpack_text)."""
    return text.translate(_CODE)


def unpack_text(packed: str) -> str:
    """Packed text back to the text."""
    out, i, n = [], 0, len(packed)
    while i < n:
        k = _INDEX.get(packed[i])
        if k is None:
            out.append(packed[i])
        elif k < ONE:
            out.append(CHARACTERS[k])
        else:
            i += 1
            out.append(CHARACTERS[ONE + (k - ONE) * _BASE + _INDEX[packed[i]]])
        i += 1
    return "".join(out)


def rank_characters(dictionary_lines) -> str:
    """CHARACTERS from the lines of jieba's dict.txt ("word frequency tag")."""
    weight: Counter = Counter()
    for line in dictionary_lines:
        word, freq, *_ = line.split()
        for c in word:
            weight[c] += int(freq)
    size = ONE + (_BASE - ONE) * _BASE
    rest = [c for c in ALPHABET if c not in _FIRST]
    han = [c for c, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
           if c not in _FIRST and ord(c) > 0x7F and c.isprintable()]
    return _FIRST + "".join(han[:size - len(_FIRST) - len(rest)]) + "".join(rest)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        table = rank_characters(f)
    for i in range(0, len(table), 64):
        print(f"    {table[i:i + 64]!r}")
