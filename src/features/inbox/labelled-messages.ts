/** A message written for the triage tests, with the label a program manager would give it. */
export interface LabelledMessage {
  label: 'open_source' | 'commercial' | 'spam'
  fromName: string
  fromAddress: string
  subject: string
  body: string
}

const m = (label: LabelledMessage['label'], fromName: string, fromAddress: string, subject: string, body: string): LabelledMessage => ({ label, fromName, fromAddress, subject, body })

/**
 * Realistic messages to a program inbox, in English and Simplified Chinese, labelled by hand: questions about
 * the program, contributions and events (open source); sales, marketing and partnership pitches (commercial);
 * and spam. Written for these tests, modelled on what the KubeSphere announcement says flooded its mailbox.
 */
export const labelledMessages: LabelledMessage[] = [
  // --- English, open source
  m('open_source', 'Priya Raman', 'priya.raman@gmail.com', 'Question about the ambassador requirements', 'Hi team,\n\nI have written three blog posts about KubeSphere this year and opened about fifteen pull requests on kubesphere/console. Does a talk at our local Kubernetes meetup count as an event for the application?\n\nThanks,\nPriya'),
  m('open_source', 'Tomás Ortega', 'tomas@ortega.dev', 'Can I still edit my application?', 'Hello, I submitted my application yesterday but forgot to add my YouTube video about multi-cluster setup. Is it possible to change it before the deadline? Thank you!'),
  m('open_source', 'Mehmet Yılmaz', 'mehmet.yilmaz@outlook.com', 'Istanbul meetup in October', 'Hi! We are organising a KubeSphere community meetup in Istanbul on October 14. Could the program share it on the community channels? We already have two speakers and a venue at the university.'),
  m('open_source', 'Kevin Brooks', 'kbrooks@redhat.com', 'Contributing translations of the docs', 'Hi, I work at a large company but this is a personal question: I would like to help translate the KubeSphere documentation into Portuguese. Where should I start, and is there a glossary for the terms?'),
  m('open_source', 'Anna Schmidt', 'anna.schmidt@posteo.de', 'Bug in the installer when upgrading to 3.4', 'Hello,\n\nI found an issue when upgrading from 3.3 to 3.4 with ks-installer: the monitoring component fails with a CrashLoopBackOff. I opened https://github.com/kubesphere/ks-installer/issues/2011 with the logs. Could an ambassador help me find the right maintainer?'),
  m('open_source', 'Lucas Martin', 'lucas.martin@free.fr', 'Feedback on the ambassador program', 'Hi, I was an ambassador last year and wanted to share some feedback: the monthly meetings were great, but it would help to have a shared calendar of community events. Happy to help set it up.'),
  m('open_source', 'Sara Haddad', 'sara@haddad.me', 'Certificate name has a typo', 'Hello, my ambassador certificate says "Sara Hadad" instead of "Sara Haddad". Could you please correct it? Thank you very much.'),
  m('open_source', 'James Okafor', 'james.okafor@yahoo.com', 'Workshop material for students', 'Dear organisers, I teach cloud native computing at a university in Lagos and would like to run a free KubeSphere workshop for my students. Do you have slides or a lab guide we can reuse under an open licence?'),
  m('open_source', 'Yuki Tanaka', 'yuki.tanaka@gmail.com', 'Re: first ambassador meeting', 'Hi, I will join the first ambassador meeting on September 20 but I am in Tokyo (UTC+9). Will there be a recording? I would also like to present the Japanese user group plans.'),
  m('open_source', 'Elena Petrova', 'elena.petrova@cncf-ambassador.org', 'Joint CNCF community day', 'Hello, I am a CNCF ambassador and we are planning a community day in Sofia. Would KubeSphere ambassadors like to give a talk or host a hands-on session? No cost for anyone, it is a volunteer event.'),
  m('open_source', 'Daniel Kim', 'dkim@startup.io', 'Hosting the next meetup at our office', 'Hi, our team uses KubeSphere in production and we would be happy to host the next Seoul meetup in our office for free, with pizza. Who should I coordinate the agenda and speakers with?'),
  m('open_source', 'Fatima Zahra', 'fatima.zahra@proton.me', 'Eligibility: contributions to other CNCF projects', 'Hi, I maintain a Helm chart in the Artifact Hub and contribute to Argo CD. Does that count towards "active community supporter in two CNCF projects"? My GitHub is github.com/fzahra.'),
  // --- English, commercial
  m('commercial', 'Jessica Miller', 'jessica.miller@cloudgrowth-partners.com', 'Partnership opportunity with KubeSphere', 'Hi there,\n\nI am reaching out from CloudGrowth Partners. We help open-source companies accelerate revenue with our enterprise sales platform. I would love to schedule a quick 15-minute call to explore a partnership. Are you free this week?\n\nBest regards,\nJessica Miller\nBusiness Development Manager'),
  m('commercial', 'Mark Davis', 'sales@devtoolspro.com', 'Special pricing for your team', 'Hello,\n\nDevToolsPro offers CI/CD acceleration for Kubernetes teams. For a limited time we are offering 30% off our enterprise plan. Reply to get a custom quote or book a demo here: https://calendly.com/devtoolspro/demo\n\nThanks,\nMark'),
  m('commercial', 'Olivia Chen', 'olivia@seoboost-agency.com', 'Guest post and backlinks for kubesphere.io', 'Hi,\n\nWe are a digital marketing agency and would like to publish a sponsored guest post on your blog with a do-follow backlink. We pay $250 per article. Let me know your rates.\n\nOlivia'),
  m('commercial', 'Rahul Verma', 'rahul@offshore-devs.in', 'Dedicated Kubernetes developers at affordable rates', 'Dear Sir/Madam,\n\nWe are a software outsourcing company with 200+ certified engineers. We can provide dedicated DevOps and Kubernetes developers for your projects at very competitive hourly rates. Please find our company profile attached and let us know your requirements.\n\nRegards,\nRahul Verma'),
  m('commercial', 'Sophie Laurent', 'sophie.laurent@eventsponsor-hub.com', 'Sponsorship packages for KubeCon booth', 'Hello team,\n\nWe offer turnkey booth design and lead generation services for KubeCon. Our sponsorship packages start at $5,000 and include a lead scanning app. Can I send you the brochure?\n\nUnsubscribe: https://eventsponsor-hub.com/unsubscribe'),
  m('commercial', 'Brian Walsh', 'bd@kubeops-ai.com', 'Reseller program for your users', 'Hi, KubeOps AI is expanding its reseller program in APAC. As a leading community you could earn 20% commission on every license sold to your ambassadors and users. Interested in a quick call to discuss terms?'),
  m('commercial', 'Emily Stone', 'emily.stone@marketresearchco.com', 'Market research interview (paid incentive)', 'Hello,\n\nWe are conducting market research for a Fortune 500 client about container platforms. Qualified participants receive a $150 gift card for a 30-minute interview. Please forward to your procurement or IT decision makers.\n\nBest,\nEmily'),
  m('commercial', 'Alex Johnson', 'alex@opensource-growth.io', 'We love open source — grow your community 10x', 'Hi! Our platform helps open-source projects grow their community with automated outreach campaigns and analytics. Projects like yours see 10x more stars. Book a free demo: https://opensource-growth.io/demo — happy to offer a discount for the ambassador program.'),
  // --- English, spam
  m('spam', 'Lottery Department', 'claims@intl-lottery-winners.biz', 'CONGRATULATIONS!!! YOU HAVE WON $1,000,000', 'Dear Winner, your email was selected in our international lottery. To claim your prize send your full name, bank account and a processing fee of $50. ACT NOW, this offer expires in 24 hours!!!'),
  m('spam', 'Crypto Bonus', 'noreply@btc-double-now.xyz', 'Double your Bitcoin today', 'Send 0.1 BTC and receive 0.2 BTC back instantly! Guaranteed returns. Click here: http://btc-double-now.xyz/claim http://btc-double-now.xyz/bonus http://bit.ly/2xbtc http://tinyurl.com/btc2x'),
  m('spam', 'Account Security', 'security@paypa1-verify.com', 'Your account has been suspended', 'We detected unusual activity. Verify your account within 12 hours or it will be permanently closed: http://paypa1-verify.com/login. Enter your password and card number to restore access.'),
  m('spam', 'Cheap Meds', 'pharmacy@best-pills-online.ru', 'Cheap pills without prescription', 'Viagra, Cialis and more at 80% discount. No prescription needed. Fast discreet shipping worldwide. Order now: http://best-pills-online.ru'),
  // --- 简体中文，开源
  m('open_source', '李明', 'liming@163.com', '关于大使申请条件的问题', '您好，\n\n我今年写了四篇关于 KubeSphere 的技术博客，也给 kubesphere/kubesphere 提交了十几个 PR。请问在本地 Meetup 上做的分享算不算“组织或参加活动”？\n\n谢谢！'),
  m('open_source', '王芳', 'wangfang@qq.com', '申请提交后还能修改吗', '你好，我昨天提交了大使申请，但是忘了添加我在 B 站发布的视频教程链接。截止日期前还可以修改吗？谢谢。'),
  m('open_source', '张伟', 'zhangwei@outlook.com', '想在成都组织一次社区活动', '大家好，我们计划十月在成都举办一次 KubeSphere 用户交流活动，已经有三位讲师和场地。请问社区能否帮忙在公众号和 Slack 宣传一下？'),
  m('open_source', '陈静', 'chenjing@gmail.com', '文档翻译贡献', '您好，我想参与 KubeSphere 文档的中英文翻译工作，请问应该从哪里开始？有没有术语对照表？'),
  m('open_source', '刘洋', 'liuyang@126.com', '升级到 3.4 时安装器报错', '你好，从 3.3 升级到 3.4 时 ks-installer 的监控组件一直 CrashLoopBackOff，我已经在 GitHub 上提了 issue：https://github.com/kubesphere/ks-installer/issues/2012 ，能否请大使帮忙联系相关维护者？'),
  m('open_source', '赵磊', 'zhaolei@foxmail.com', '对大使计划的一些建议', '你好，我是去年的大使，想反馈一下：每周例会很有帮助，但希望能有一个共享的社区活动日历，我可以帮忙一起整理。'),
  m('open_source', '孙丽', 'sunli@sina.com', '证书上的名字写错了', '您好，我的大使证书上名字写成了“孙莉”，正确的是“孙丽”，麻烦帮忙更正一下，谢谢！'),
  m('open_source', '周强', 'zhouqiang@edu.cn', '高校开源课程合作', '老师您好，我在大学教授云原生课程，想给学生免费开设一次 KubeSphere 实验课，请问有没有可以复用的课件或实验手册？'),
  m('open_source', '吴婷', 'wuting@gmail.com', '关于第一次大使会议', '您好，9 月 20 日的第一次大使会议我会参加，请问会议有录像吗？我也想介绍一下我们深圳用户组的计划。'),
  m('open_source', '郑浩', 'zhenghao@163.com', '我们公司可以免费提供 Meetup 场地', '你好，我们团队在生产环境使用 KubeSphere，很乐意免费提供办公室作为下一次杭州 Meetup 的场地，请问应该和谁沟通议程和讲师？'),
  m('open_source', '黄欣', 'huangxin@qq.com', '其他 CNCF 项目的贡献是否计入', '您好，我在 Artifact Hub 维护一个 Helm Chart，同时也给 Argo CD 提交过代码，这些是否算作“在两个 CNCF 项目中活跃”？我的 GitHub 是 github.com/huangxin。'),
  m('open_source', '马超', 'machao@aliyun.com', '社区 Slack 频道邀请', '你好，我想加入 #ksap-ambassadorship-program 频道参与讨论，但邀请链接好像失效了，能否重新发一个？谢谢。'),
  // --- 简体中文，商业
  m('commercial', '杨经理', 'yang.bd@yunfan-tech.com', '商务合作洽谈', '您好，\n\n我是云帆科技的商务经理，我们专注于企业级容器云解决方案，希望与贵社区建立战略合作关系，共同拓展市场。方便的话约个时间电话沟通一下？\n\n杨经理\n商务拓展部'),
  m('commercial', '林小姐', 'sales@kuaiyun-cdn.com', '企业版限时优惠报价', '您好，快云 CDN 为 Kubernetes 团队提供加速服务，现推出企业版限时 7 折优惠，欢迎回复获取专属报价，或预约产品演示。'),
  m('commercial', '推广小王', 'tuiguang@seo-youhua.cn', '网站 SEO 优化与软文推广', '您好，我们是专业的网络营销公司，可以为 kubesphere.io 提供 SEO 优化、软文发布和外链建设服务，价格优惠，效果保证，欢迎咨询。'),
  m('commercial', '外包服务', 'service@rjwaibao.com', '专业软件外包与驻场开发', '贵公司好！我司拥有 300 余名工程师，可提供 Kubernetes 运维、DevOps 驻场开发等外包服务，按人天计费，价格有竞争力，期待合作。'),
  m('commercial', '会展公司', 'expo@huizhan-service.com', 'KubeCon 展位搭建与赞助方案', '您好，我司提供 KubeCon 展位设计搭建与获客服务，赞助套餐 3 万元起，含线索收集工具，需要的话我把方案发给您。'),
  m('commercial', '渠道部', 'qudao@zhiyun-ai.com', '诚邀成为我们的渠道代理', '您好，智云 AI 正在招募华南区渠道代理商，贵社区用户众多，每售出一套授权可获得 20% 佣金，有兴趣的话我们可以详细沟通合作条款。'),
  m('commercial', '市场调研', 'research@diaoyan-china.com', '有偿市场调研访谈邀请', '您好，我们正在为某大型企业客户开展容器平台市场调研，参与 30 分钟访谈可获得 500 元酬劳，请转发给贵单位采购或 IT 决策人员。'),
  m('commercial', '增长平台', 'hello@kaiyuan-zengzhang.com', '我们热爱开源：帮您的社区增长 10 倍', '您好！我们的平台通过自动化运营和数据分析帮助开源项目快速增长，类似项目的 Star 数提升了 10 倍。欢迎预约免费演示，大使计划可享专属折扣。'),
  // --- 简体中文，垃圾邮件
  m('spam', '中奖通知', 'zhongjiang@lucky-draw.top', '恭喜您中奖！！！', '尊敬的用户，您的邮箱在本次抽奖中获得一等奖 100 万元！请立即回复姓名、银行卡号并支付 200 元手续费领取奖金，24 小时内有效！！！'),
  m('spam', '发票', 'fapiao888@163.com', '代开各类发票', '本公司常年代开增值税发票、普通发票，点数低，可验证。联系微信：fp888888 http://daikai-fapiao.top'),
  m('spam', '博彩', 'vip@bocai-yule.vip', '注册即送 888 元彩金', '线上娱乐城，注册即送 888 元彩金，首充翻倍，日日返水！立即注册：http://bocai-yule.vip http://t.cn/abc123 http://bocai-yule.vip/app'),
  m('spam', '账户安全中心', 'security@icbc-verify.cc', '您的账户存在异常', '您的网银账户存在异常登录，请在 12 小时内点击链接验证身份，否则将被冻结：http://icbc-verify.cc/login 请输入密码和验证码。'),
  // --- a second round, first used as held-out messages: the rules missed the recruiter, swag and media-partner
  // pitches (commercial recall 0.333 on them), so the vocabulary was widened and they joined this set
  m('open_source', 'Grace Liu', 'grace.liu@gmail.com', 'Mentoring new contributors', 'Hi, I would like to mentor first-time contributors during Hacktoberfest. Could we tag some good first issues in the console repository together?'),
  m('open_source', 'Omar Farouk', 'omar.farouk@hotmail.com', 'Deadline time zone', 'Hello, the page says the deadline is September 1 Anywhere on Earth. I am in Cairo: does that mean I can still submit on the morning of September 2 my time?'),
  m('open_source', 'Ines Duarte', 'ines@duarte.pt', 'Lisbon user group restart', 'Hi! The Lisbon cloud native user group has been quiet since 2022. Two of us want to restart it with KubeSphere demos. What support does the program give to new user groups?'),
  m('open_source', 'Peter Novak', 'peter.novak@seznam.cz', 'Thank you', 'Just wanted to say thanks for the welcome package and the badge, it was great to meet everyone at the first meeting.'),
  m('commercial', 'Hannah Lee', 'hannah.lee@talentbridge.io', 'Hiring Kubernetes engineers from your community', 'Hi, TalentBridge is a recruitment firm placing DevOps engineers with our clients. We would like to advertise our open roles to your ambassadors and pay a referral fee for each hire. Can we set up a call?'),
  m('commercial', 'Victor Ramos', 'victor@swagfactory.com', 'Custom swag for your ambassadors', 'Hello! We produce custom hoodies, stickers and mugs for tech communities. Minimum order 50 pieces, free design mockups, delivery in 10 days. Want a catalogue and price list?'),
  m('commercial', 'Nina Berg', 'nina.berg@cloudconf-media.com', 'Media partnership for CloudConf 2024', 'Dear team, CloudConf 2024 is looking for media partners. In exchange for promoting our conference to your newsletter, we offer a 20% discount code and logo placement. Let us know if you are interested.'),
  m('spam', 'Inheritance Office', 'office@estate-transfer.biz', 'URGENT: unclaimed inheritance', 'Dear friend, a deceased client left $4.5 million with no heir. I need your help to transfer the funds; you will receive 40%. Reply with your bank account details urgently.'),
  m('open_source', '何佳', 'hejia@163.com', 'Hacktoberfest 新手任务', '你好，我想在 Hacktoberfest 期间带新人做贡献，能否一起在 console 仓库标记一些 good first issue？'),
  m('open_source', '曹宇', 'caoyu@qq.com', '截止时间的时区问题', '您好，页面上写截止时间是 9 月 1 日（Anywhere on Earth），我在北京，是不是 9 月 2 日上午提交也可以？'),
  m('open_source', '沈雪', 'shenxue@gmail.com', '重启南京用户组', '你好！南京云原生用户组从 2022 年起就没有活动了，我们两个人想用 KubeSphere 演示重新启动它，请问大使计划对新用户组有什么支持？'),
  m('open_source', '韩冰', 'hanbing@126.com', '感谢', '只是想说声谢谢，收到了欢迎礼包和徽章，第一次会议认识大家很开心。'),
  m('commercial', '猎头顾问', 'hr@lietou-fuwu.com', '想向社区成员推荐工作机会', '您好，我们是一家猎头公司，为客户招聘 DevOps 工程师，希望向贵社区的大使发布职位，每成功推荐一人支付推荐费，方便电话沟通吗？'),
  m('commercial', '礼品定制', 'kefu@lipin-dingzhi.com', '社区周边礼品定制', '您好！我们为技术社区定制卫衣、贴纸、马克杯，50 件起订，免费设计，10 天交货，需要的话发您产品目录和价目表。'),
  m('commercial', '大会组委会', 'media@yunhui-2024.com', '2024 云原生大会媒体合作', '尊敬的团队，2024 云原生大会正在招募媒体合作伙伴，贵方在社区推送我们的大会信息，我们提供 8 折优惠码和 Logo 展示，有兴趣请回复。'),
  m('spam', '遗产转移', 'office@yichan-zhuanyi.top', '紧急：无人认领的遗产', '亲爱的朋友，一位已故客户留下 450 万美元无人继承，需要您协助转移资金，您可获得 40%。请尽快回复您的银行卡信息。'),
]

/**
 * Messages written after the rules were settled and never used to tune them: their figures say how the rules do
 * on mail they were not shaped around.
 */
export const heldOutMessages: LabelledMessage[] = [
  m('open_source', 'Rosa Jiménez', 'rosa.jimenez@gmail.com', 'Spanish subtitles for the intro video', 'Hola! I added Spanish subtitles to the KubeSphere introduction video and would like to share them. Should I send a pull request to the website repository or upload them somewhere else?'),
  m('open_source', 'Arjun Mehta', 'arjun.mehta@iitb.ac.in', 'Student club wants a speaker', 'Hi, our university open-source club is holding a cloud native week in November. Could one of the ambassadors give a 30 minute online talk about KubeSphere? We can adapt to your time zone.'),
  m('open_source', 'Chloé Bernard', 'chloe.bernard@laposte.net', 'Reference letter for my application', 'Bonjour, the application form asks for community references. Can a maintainer of a project I contributed to write it, or does it need to be a current ambassador?'),
  m('commercial', 'Derek Hunt', 'derek.hunt@cloudsecure.example', 'Security audit services for open-source projects', 'Hi, CloudSecure provides penetration testing and compliance audits. We have a special offer for open-source foundations this quarter. I can send you a proposal and our rate card if you share your budget.'),
  m('commercial', 'Maria Rossi', 'maria.rossi@techevents-italia.it', 'Exhibit at DevOps Days Milano', 'Ciao! DevOps Days Milano still has exhibitor tables available. Sponsors get a booth, two passes and a mention in the newsletter. Prices start at 1,500 EUR. Shall I reserve one for KubeSphere?'),
  m('spam', 'Shipping Notice', 'notice@dhl-parcel-track.xyz', 'Your parcel is on hold', 'Your package could not be delivered. Pay the customs fee of 2.99 USD within 24 hours: http://dhl-parcel-track.xyz/pay http://dhl-parcel-track.xyz/track http://bit.ly/pkg299 http://tinyurl.com/dhlpay'),
  m('open_source', '罗文', 'luowen@gmail.com', '给介绍视频加了中文字幕', '你好！我给 KubeSphere 介绍视频做了中文字幕，想分享出来，是向官网仓库提交 PR 还是上传到别的地方？'),
  m('open_source', '邓磊', 'denglei@stu.edu.cn', '学生社团邀请讲师', '您好，我们学校的开源社团 11 月举办云原生周，能否请一位大使线上做 30 分钟的 KubeSphere 分享？时间可以配合您。'),
  m('open_source', '许静', 'xujing@163.com', '申请表里的推荐人', '您好，申请表要求填写社区推荐人，可以请我贡献过的项目的维护者来写吗？还是必须是现任大使？'),
  m('commercial', '安全服务', 'anquan@yunfang-sec.com', '开源项目安全审计服务', '您好，我司提供渗透测试与合规审计服务，本季度针对开源基金会有特别优惠，您提供预算后我可以发送方案和报价单。'),
  m('commercial', '展会招商', 'zhaoshang@devops-expo.cn', 'DevOps 大会展位招商', '您好！DevOps 大会还有少量展位，赞助商可获得展台、两张门票及公众号推送，价格 1 万元起，需要为 KubeSphere 预留一个吗？'),
  m('spam', '快递通知', 'notice@kuaidi-chaxun.top', '您的包裹被扣留', '您的包裹无法派送，请在 24 小时内支付 2.99 元关税：http://kuaidi-chaxun.top/pay http://kuaidi-chaxun.top/track http://t.cn/pkg299 http://dwz.cn/kd'),
]
