import type { CommunityDefinitionInput, ProgramDefinitionInput } from '../../features/programs/forms.ts'

/**
 * The OpenStack Ambassador Program as its proposal in shared/seeds describes it: a regional-liaison role,
 * three application questions and three selection criteria. The proposal names no dates, seats or formal
 * requirements, so the program is "proposed" with no cohort yet.
 */
export const openstackCommunity: CommunityDefinitionInput = {
  slug: 'openstack',
  name: 'OpenStack',
  tagline: 'Open source cloud infrastructure software, with more than fifty user groups around the world',
  websiteUrl: 'https://www.openstack.org',
  primaryColor: '#b3124e',
  accentColor: '#1c5d87',
}

export const openstackProgram: ProgramDefinitionInput = {
  slug: 'ambassadors',
  name: 'OpenStack Ambassador Program',
  summary:
    'A framework of community leaders to sustainably expand the reach of OpenStack around the world: one ambassador as the primary point of contact in each region.',
  status: 'proposed',
  descriptionMd: [
    'The OpenStack Ambassador Program aims to create a framework of community leaders to sustainably expand the reach of OpenStack around the world.',
    '',
    '## Why we’re doing this',
    '',
    'OpenStack is one of the fastest-growing open source projects and communities in history. We are fortunate to have more than fifty user groups globally and many passionate community members who are already making a big impact. We would like to recognize and further empower these community members to achieve the OpenStack mission, as well as provide more structure and resources to the growing community and user groups.',
    '',
    'In addition, the Foundation has become aware that there’s a need to improve the relationship between user groups and itself – allowing everyone to feel like they’re part of a globally connected community. For example, many of you who’ve been to user group meetups have probably heard feedback from people trying to deploy OpenStack – it would be excellent to aggregate this feedback from every group to help make our software and community better.',
    '',
    '## How will this work?',
    '',
    'We aim to select – initially – a small number of OpenStack Ambassadors, asking volunteers who are already respected members of our communities to be the primary point of contact in a particular region.',
    '',
    '## Who will the Ambassadors be?',
    '',
    'The title is designed to recognise those who are already good leaders with a proven track record in the community. With the title, new users, contributors and community members should easily be able to recognize their Ambassador as a go-to resource. While the role provides inherent credibility, it also comes with accountability, meaning decisions and actions made by the Ambassador should benefit the whole community, not just one person or company.',
    '',
    'We believe that the Ambassadors will already be active participants in our community. Think about those people who are already working across multiple user groups, submitting OpenStack mini-events to related conferences, helping onboard new users and contributors, arranging hackfests or just generally going above and beyond in the name of making Openstack great.',
  ].join('\n'),
  roleMd: [
    '- Act as a liaison between user groups, the Foundation, and the general community, for example:',
    '  - helping to solicit feedback on OpenStack and aggregate it to the global level',
    '  - promoting key messages into the user communities (eg “ask questions on!”)',
    '  - finding people to help localise content',
    '  - helping onboard new users and contributors',
    '- Assist in user group best practice – from nurturing new groups to cementing the quality of existing ones',
    '- Help people find the ‘right people’ to talk to',
    '- Represent the community via speaking and visibility opportunities with the official title',
    '- Report on the activities in their region',
    '- Be a good leader, wrangling activity from others and mobilising the global OpenStack community!',
  ].join('\n'),
  questions: [
    { key: 'why', prompt: 'Why are you applying to become an OpenStack Ambassador?' },
    { key: 'participation', prompt: 'How have you participated in the OpenStack Community to date?' },
    { key: 'ideas', prompt: 'What ideas do you have for your community, that you wish you had time or resources to implement?' },
  ],
  criteria: [
    { key: 'track-record', name: 'Community participation track record' },
    { key: 'location', name: 'Geographical location' },
    { key: 'impact', name: 'Potential impact of selection on community' },
  ],
}
