// The request bodies the validation and before-the-network sections use: a
// realistic contact upsert (custom fields of three kinds, DND settings, tags)
// and the same with three problems.
export const UPSERT = {
  locationId: 've9EPM428h8vShlRW1KT',
  firstName: 'Rosalind',
  lastName: 'Okafor',
  name: 'Rosalind Okafor',
  email: 'rosalind.okafor@example.com',
  gender: 'female',
  phone: '+15555550142',
  address1: '221 Market Street',
  city: 'San Francisco',
  state: 'CA',
  postalCode: '94105',
  website: 'https://okafor.example.com',
  timezone: 'America/Los_Angeles',
  dnd: false,
  dndSettings: {
    Call: { status: 'active', message: 'Asked not to be called', code: 'DND-1' },
    Email: { status: 'inactive' },
    SMS: { status: 'permanent', message: 'STOP received' },
  },
  inboundDndSettings: { all: { status: 'inactive', message: '' } },
  tags: ['customer', 'newsletter', 'webinar-2026-03', 'vip', 'west-coast'],
  customFields: [
    { id: 'fKq1cT0uS1aXbN2mD3eF', key: 'contact.company_size', field_value: '51-200' },
    { id: 'gLr2dU1vT2bYcO3nE4fG', key: 'contact.annual_budget', field_value: '25000' },
    { id: 'hMs3eV2wU3cZdP4oF5gH', key: 'contact.interests', field_value: ['crm', 'automation', 'sms'] },
    { id: 'iNt4fW3xV4dAeQ5pG6hI', field_value: 'Referred by Jordan Lee' },
    { id: 'jOu5gX4yW5eBfR6qH7iJ', key: 'contact.nps', field_value: '9' },
  ],
  source: 'public api',
  country: 'US',
  companyName: 'Okafor Analytics',
  assignedTo: 'OhbVrpoiVgRV5IfLBcbf',
  createNewIfDuplicateAllowed: false,
};

export const INVALID = { ...UPSERT, email: 42, dnd: 'no', dndSettings: { Call: { status: 'sometimes' } } };
