import type { CommunityDefinitionInput, ProgramDefinitionInput } from '../../features/programs/forms.ts'
import type { NewPerson } from '../../features/people/create-people.ts'

/**
 * The KubeSphere Ambassadorship Program and its 2023 cohort, as the program page and the 2023 announcement
 * in shared/seeds state them. Where the documents are silent we chose, and say so here:
 * - Time zone: none is given, so the calendar is read in Anywhere on Earth (our default for deadlines).
 * - Which requirements are mandatory: the page asks for "at least two of the features listed above"; we read
 *   the three conduct items (be kind, promote the brand, 18 or older) as mandatory and the other six as the
 *   ones that count toward "at least two" — the page's own example (a user case and two blogs) counts those.
 * - Colours: the page gives none; these are our choice, checked for contrast.
 */
export const kubesphereCommunity: CommunityDefinitionInput = {
  slug: 'kubesphere',
  name: 'KubeSphere',
  tagline: 'The container platform tailored for Kubernetes multi-cloud, datacenter, and edge management',
  websiteUrl: 'https://kubesphere.io',
  primaryColor: '#00695c',
  accentColor: '#0d47a1',
  socialLinks: [
    { kind: 'twitter', label: 'Twitter', url: 'https://twitter.com/KubeSphere' },
    { kind: 'youtube', label: 'YouTube', url: 'https://www.youtube.com/channel/UCyTdUQUYjf7XLjxECx63Hpw' },
    { kind: 'linkedin', label: 'LinkedIn', url: 'https://www.linkedin.com/company/kubesphere/' },
    { kind: 'bilibili', label: 'Bilibili', url: 'https://space.bilibili.com/438908638/' },
  ],
  contactChannels: [
    {
      kind: 'slack',
      label: 'Slack #ksap-ambassadorship-program',
      target: 'https://kubesphere.slack.com/messages/ksap-ambassadorship-program',
    },
    { kind: 'email', label: 'Mail Halil İbrahim BUGOL', target: 'halil.bugol@kubesphere.io', person: 'Halil İbrahim BUGOL' },
  ],
}

export const kubesphereProgram: ProgramDefinitionInput = {
  slug: 'ksap',
  name: 'KubeSphere Ambassadorship Program',
  shortName: 'KSAP',
  summary:
    'The KubeSphere Ambassadorship Program (KSAP) is a program where we bring together our members who carry out community activities for KubeSphere.',
  descriptionMd: [
    'The KubeSphere Ambassadorship Program (KSAP) is a program where we bring together our members who carry out community activities for KubeSphere.',
    '',
    'We support your community activities and develop KubeSphere together. We would like to select a total of twenty-five Ambassadors for the program that we will hold open to the community for the first time this year. These ambassadors will have a one-year term. And an ambassador can be chosen for multiple years in a row. KubeSphere Ambassador is rewarded with special benefits and a very special certificate after being selected.',
  ].join('\n'),
  roleMd:
    'KubeSphere Ambassador is awarded to technical evangelists who are helping to grow the KubeSphere community by writing technical blogs and user cases, sharing technologies in the community, etc.',
  benefits: [
    'Exclusive gifts from KubeSphere.',
    'Ambassador Certificate and Badge valid for 1 year',
    'The right to participate in events and working groups with other KubeSphere Ambassadors from around the world.',
    "Active roles in KubeSphere's development and community management processes.",
    'Cloud credits on KubeSphere.Cloud.',
    'Custom tags and badges on community forums.',
    'Direct communication to KubeSphere developers and other employees.',
    'Exclusive rights in commercial processes other than technical.',
  ],
  targetSeats: 25,
  termMonths: 12,
  requirementsAtLeast: 2,
  requirementsNoteMd:
    "For example, contributing a KubeSphere user case and two technical blogs. Also, if you have ideas that you can really contribute to the future of KubeSphere, please apply even if you don't meet the requirements.",
  requirements: [
    { key: 'be-kind', title: 'Be Kind', kind: 'statement', mandatory: true },
    { key: 'promote-brand', title: 'Promote and Enhance the KubeSphere Brand', kind: 'statement', mandatory: true },
    { key: 'age-18', title: 'Must be 18 years of age or older', kind: 'age_attestation', mandatory: true, settings: { minimumAge: 18 } },
    { key: 'cloud-native-knowledge', title: 'You need to have active knowledge of Cloud Native architectures.', kind: 'free_form' },
    {
      key: 'content',
      title: 'To have published a minimum of four pieces of content in the last year (e.g., blogs, social media posts, videos etc.)',
      kind: 'content_count',
      threshold: 4,
      windowMonths: 12,
      settings: { contentTypes: ['blog_post', 'social_post', 'video', 'talk', 'user_case'] },
    },
    {
      key: 'code',
      title: 'Contribute to any of the KubeSphere repos a minimum of twenty times in the past year',
      kind: 'code_contributions',
      threshold: 20,
      windowMonths: 12,
      settings: { organizations: ['kubesphere'] },
    },
    {
      key: 'event',
      title:
        'Organized an event on behalf of KubeSphere or made a presentation on behalf of KubeSphere at an organized event at least once in the last year.',
      kind: 'events',
      threshold: 1,
      windowMonths: 12,
    },
    {
      key: 'future-knowledge',
      title: 'To have technological or other knowledge that will contribute to the future of KubeSphere.',
      kind: 'free_form',
    },
    {
      key: 'cncf',
      title: 'Be an active community supporter or Ambassador in a minimum of two CNCF Member or Projects.',
      kind: 'other_projects',
      threshold: 2,
      settings: { scope: 'CNCF members or projects' },
    },
  ],
  cohorts: [
    {
      slug: '2023',
      year: 2023,
      title: 'KubeSphere Ambassadors 2023',
      seats: 25,
      timeZone: 'Etc/GMT+12',
      phases: [
        { kind: 'applications', label: 'Program Application Dates', from: '2023-08-01', until: '2023-09-01' },
        { kind: 'announcement', label: 'Application Result Announcement Date', from: '2023-09-15' },
        { kind: 'first_meeting', label: 'First Ambassadorship Meeting', from: '2023-09-20' },
        { kind: 'term', label: 'Ambassadorship Start and End Date', from: '2023-09-20', until: '2024-09-21' },
      ],
    },
  ],
}

/** The three members the program page lists (they run the program); Halil also holds a 2023 ambassador seat. */
export const kubesphereOrganizers: NewPerson[] = [
  { displayName: 'Calvin Yu', githubLogin: 'calvinyv' },
  { displayName: 'Fawei Zhao', githubLogin: 'faweizhao26' },
  { displayName: 'Halil İbrahim BUGÖL', githubLogin: 'halil-bugol' },
]

/**
 * The fourteen ambassadors of the 2023 announcement, in its order. Two names keep the decomposed form
 * (combining marks) that their certificate file names show was entered: "Canog\u0306lu", "I\u0307remnur O\u0308nder".
 * "Halil BUGOL" of the table is the organiser Halil İbrahim BUGÖL (same certificate name), stored once.
 */
export const kubesphereAmbassadors2023: (NewPerson | { sameAs: string })[] = [
  { displayName: 'Onur Canog\u0306lu' },
  { displayName: 'Rossana Suarez' },
  { displayName: 'Jona Apelbaum' },
  { displayName: 'Nilo Yucra Gavilan' },
  { sameAs: 'halil-bugol' },
  { displayName: 'Eda Konyar' },
  { displayName: 'I\u0307remnur O\u0308nder' },
  { displayName: 'Harun Eren SAT' },
  { displayName: 'Min Yin' },
  { displayName: 'Kevin Xu' },
  { displayName: 'Haili Zhang' },
  { displayName: 'Zhengjun Zhou' },
  { displayName: 'Zhenfei Pei' },
  { displayName: 'Jianlin Zheng' },
]

/**
 * The 2023 announcement as shared/seeds has it ("Welcome New KubeSphere Ambassadors!"): its title and the
 * paragraphs above its table of new ambassadors (the table is the cohort's confirmed offers). The article is dated
 * 2023-10-10; the demo publishes it on the calendar's announcement day, as Embassy would have.
 */
export const kubesphereAnnouncement2023 = {
  title: 'Welcome New KubeSphere Ambassadors! KubeSphere Ambassadorship 2023 Applications Announced!',
  introMd: [
    'Contributing to the open-source community is not limited to contributing code and documentation and supporting localization and internationalization, but includes technology evangelism as well.',
    'With the KubeSphere Ambassadorship program we organized this year, we received applications from outside for the first time and selected our ambassadors through evaluation. The term of office of our ambassadors will be 1 year, and new ambassador elections can be held at the same time next year. An ambassador can be re-elected as an ambassador every year. Through this ambassador program, we aim to foster a more open community environment.',
    'With weekly meetings with ambassadors, we will give our ambassadors much more active roles in the development processes of KubeSphere and enable them to lead their communities in the regions they are located.',
    'KubeSphere Ambassador is awarded to technical evangelists who are helping to grow the KubeSphere community by writing technical blogs and user cases, sharing technologies in the community, etc. Or it is presented to people who we think will make useful contributions to the KubeSphere community in the future.',
    'We are happy to announce fourteen new KubeSphere Ambassadors who have contributed in different ways to the KubeSphere community many times to help more users to get to know the application scenarios and best practices of KubeSphere.',
  ].join('\n\n'),
}
