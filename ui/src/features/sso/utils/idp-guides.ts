// What to do in each identity provider's admin console to connect it over SAML, in that console's
// own words: menu paths, button names and field names as the admin will see them. The SP values
// are not written here; a field says which SP value goes in it and the page fills it in.

import type { IdpKind, ServiceProviderView } from '../types';

/** The SP values an IdP field can take, by their key in `ServiceProviderView`. */
export type SpValueKey = keyof ServiceProviderView;

/**
 * What goes into one field of the IdP's form: an SP value (copied from this page), the ACS URL as
 * an anchored regular expression (OneLogin validates the ACS URL with one), or a fixed choice.
 */
export type GuideFieldValue = { sp: SpValueKey } | { acsUrlPattern: true } | { text: string };

export interface GuideField {
  /** The field's name exactly as the IdP's console labels it. */
  idpField: string;
  value: GuideFieldValue;
  note?: string;
}

export interface GuideStep {
  title: string;
  body: string;
  fields?: GuideField[];
}

export interface IdpGuide {
  kind: IdpKind;
  /** The product's name as the vendor writes it. */
  name: string;
  /** The menu path to the kind of application to create. */
  create: string;
  steps: GuideStep[];
  /** Whether the IdP offers its metadata at a URL (the app can then watch it for new certificates). */
  metadataUrl: boolean;
  /** Certificate rotation in this IdP's words, for the rotation checklist. */
  rotation: {
    /** Where to create the new signing certificate. */
    create: string;
    /** Where the new certificate can be seen or downloaded before the IdP signs with it. */
    publish: string;
    /** How to make the IdP sign with the new certificate. */
    switchOver: string;
  };
}

const EMAIL_NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export const IDP_GUIDES: readonly IdpGuide[] = [
  {
    kind: 'okta',
    name: 'Okta',
    create: 'Applications → Applications → Create App Integration → SAML 2.0',
    metadataUrl: true,
    steps: [
      {
        title: 'Create the app integration',
        body: 'In the Okta Admin Console, go to Applications → Applications and select Create App Integration. Choose SAML 2.0 as the sign-in method and select Next. On General Settings, enter an app name and select Next.',
      },
      {
        title: 'Configure SAML',
        body: 'On Configure SAML, enter these values and keep “Use this for Recipient URL and Destination URL” checked. Select Next, then Finish.',
        fields: [
          { idpField: 'Single sign-on URL', value: { sp: 'acsUrl' } },
          { idpField: 'Audience URI (SP Entity ID)', value: { sp: 'entityId' } },
          { idpField: 'Name ID format', value: { text: 'EmailAddress' } },
          { idpField: 'Application username', value: { text: 'Email' } },
        ],
      },
      {
        title: 'Assign people',
        body: 'On the app’s Assignments tab, assign the people or groups who should sign in with SSO. People who are not assigned cannot sign in once SSO is enforced.',
      },
      {
        title: 'Copy the metadata URL',
        body: 'On the app’s Sign On tab, under SAML 2.0 → Metadata details, copy the Metadata URL and import it below. You can also open that URL and save the XML as a file.',
      },
    ],
    rotation: {
      create:
        'In the app’s Sign On tab, under SAML Signing Certificates, select Generate new certificate. Okta adds it as Inactive and keeps signing with the active certificate.',
      publish:
        'Okta’s metadata URL lists the active certificate only. For the inactive one, select Actions → Download certificate on its row and paste it here.',
      switchOver: 'In Okta, select Actions → Activate on the new certificate’s row: Okta signs with it from then on.',
    },
  },
  {
    kind: 'entra',
    name: 'Microsoft Entra ID',
    create: 'Enterprise applications → New application → Create your own application → Single sign-on → SAML',
    metadataUrl: true,
    steps: [
      {
        title: 'Create the enterprise application',
        body: 'In the Microsoft Entra admin center, go to Identity → Applications → Enterprise applications and select New application, then Create your own application. Enter a name, choose “Integrate any other application you don’t find in the gallery (Non-gallery)” and select Create. In the new application, open Single sign-on and choose SAML.',
      },
      {
        title: 'Basic SAML Configuration',
        body: 'In the Basic SAML Configuration section, select Edit, enter these values and select Save.',
        fields: [
          { idpField: 'Identifier (Entity ID)', value: { sp: 'entityId' } },
          { idpField: 'Reply URL (Assertion Consumer Service URL)', value: { sp: 'acsUrl' } },
        ],
      },
      {
        title: 'Attributes & Claims',
        body: 'In Attributes & Claims, select Edit and open the Unique User Identifier (Name ID) claim. Set the name identifier format to Email address and the source attribute to the user’s email.',
        fields: [
          { idpField: 'Name identifier format', value: { text: 'Email address' } },
          { idpField: 'Source attribute', value: { text: 'user.mail' }, note: 'or user.userprincipalname where the UPN is the email address' },
        ],
      },
      {
        title: 'Assign users and groups',
        body: 'In the application’s Users and groups, select Add user/group and assign the people or groups who should sign in with SSO.',
      },
      {
        title: 'Copy the metadata URL',
        body: 'In the SAML Certificates section, copy the App Federation Metadata Url and import it below, or download the Federation Metadata XML and import the file.',
      },
    ],
    rotation: {
      create:
        'In Single sign-on → SAML Certificates, edit the Token signing certificate and select New Certificate, then Save. Entra ID keeps it inactive until you make it active.',
      publish:
        'The App Federation Metadata Url lists the active certificate. For the new one, open the ⋯ menu on its row, download the Base64 certificate and paste it here.',
      switchOver: 'In the Token signing certificate panel, open the ⋯ menu on the new certificate, select Make certificate active, then Save.',
    },
  },
  {
    kind: 'google',
    name: 'Google Workspace',
    create: 'Apps → Web and mobile apps → Add app → Add custom SAML app',
    metadataUrl: false,
    steps: [
      {
        title: 'Add the custom SAML app',
        body: 'In the Google Admin console, go to Apps → Web and mobile apps, open Add app and select Add custom SAML app. Enter an app name and select Continue.',
      },
      {
        title: 'Download the IdP metadata',
        body: 'On Google Identity Provider details, select DOWNLOAD METADATA (option 1) and keep the file: Google has no metadata URL, so you import this file below. Select Continue.',
      },
      {
        title: 'Service provider details',
        body: 'On Service provider details, enter these values, select Continue, then Finish.',
        fields: [
          { idpField: 'ACS URL', value: { sp: 'acsUrl' } },
          { idpField: 'Entity ID', value: { sp: 'entityId' } },
          { idpField: 'Name ID format', value: { text: 'EMAIL' } },
          { idpField: 'Name ID', value: { text: 'Basic Information > Primary email' } },
        ],
      },
      {
        title: 'Turn the app on',
        body: 'Open the app’s User access panel and turn it ON for everyone, or for the organizational units or groups who should sign in with SSO, then Save. Changes can take a while to reach every user.',
      },
    ],
    rotation: {
      create:
        'As a super administrator, go to Security → Authentication → SSO with SAML applications and select ADD CERTIFICATE. Your Google account can hold two certificates at once.',
      publish:
        'Google has no metadata URL to watch. Open the app, select DOWNLOAD METADATA again after adding the certificate, or download the new certificate, and paste the certificate here.',
      switchOver: 'Open the app (Apps → Web and mobile apps), choose the new certificate in its Service provider details and Save.',
    },
  },
  {
    kind: 'onelogin',
    name: 'OneLogin',
    create: 'Applications → Add App → SAML Custom Connector (Advanced)',
    metadataUrl: true,
    steps: [
      {
        title: 'Add the app',
        body: 'In the OneLogin administration, go to Applications → Applications and select Add App. Search for SAML Custom Connector (Advanced), select it, enter a display name and select Save.',
      },
      {
        title: 'Configuration tab',
        body: 'On the app’s Configuration tab, enter these values and select Save.',
        fields: [
          { idpField: 'Audience (EntityID)', value: { sp: 'entityId' } },
          { idpField: 'Recipient', value: { sp: 'acsUrl' } },
          { idpField: 'ACS (Consumer) URL Validator', value: { acsUrlPattern: true }, note: 'a regular expression that matches the ACS URL' },
          { idpField: 'ACS (Consumer) URL', value: { sp: 'acsUrl' } },
          { idpField: 'SAML nameID format', value: { text: 'Email' } },
        ],
      },
      {
        title: 'Parameters tab',
        body: 'On the Parameters tab, make sure NameID value is Email, then Save.',
        fields: [{ idpField: 'NameID value', value: { text: 'Email' } }],
      },
      {
        title: 'Give people access',
        body: 'Give the people who should sign in with SSO access to the app, through a role on the app’s Access tab or from each user’s Applications tab.',
      },
      {
        title: 'Copy the metadata URL',
        body: 'On the app’s SSO tab, copy the Issuer URL: it is the app’s metadata URL. Import it below, or select More Actions → SAML Metadata to download the XML and import the file.',
      },
    ],
    rotation: {
      create: 'Go to Security → Certificates and select New to create a certificate. The app keeps signing with its current certificate until you change it.',
      publish:
        'The app’s metadata lists only the certificate it signs with. Open the new certificate under Security → Certificates, download it and paste it here.',
      switchOver: 'On the app’s SSO tab, select Change next to X.509 Certificate, choose the new certificate and Save.',
    },
  },
  {
    kind: 'jumpcloud',
    name: 'JumpCloud',
    create: 'SSO Applications → Add New Application → Custom SAML App',
    metadataUrl: true,
    steps: [
      {
        title: 'Add the application',
        body: 'In the JumpCloud Admin Portal, go to SSO Applications and select + Add New Application. Choose the custom SAML application (Custom SAML App; in the current portal, Custom Application, then Manage Single Sign-On (SSO) with Configure SSO with SAML) and enter a display label.',
      },
      {
        title: 'SSO tab',
        body: 'On the application’s SSO tab, enter these values, then select Save (or activate).',
        fields: [
          { idpField: 'IdP Entity ID', value: { text: 'a unique name of your choice, such as your product’s name' } },
          { idpField: 'SP Entity ID', value: { sp: 'entityId' } },
          { idpField: 'ACS URL', value: { sp: 'acsUrl' }, note: 'the Default URL under ACS URLs in the current portal' },
          { idpField: 'SAMLSubject NameID', value: { text: 'email' } },
          { idpField: 'SAMLSubject NameID Format', value: { text: EMAIL_NAME_ID_FORMAT } },
          { idpField: 'Signature Algorithm', value: { text: 'RSA-SHA256' } },
        ],
      },
      {
        title: 'Give groups access',
        body: 'On the User Groups tab, select the groups whose members should sign in with SSO, and Save.',
      },
      {
        title: 'Copy the metadata URL',
        body: 'On the SSO tab, select Copy Metadata URL and import it below, or select Export Metadata to download the XML and import the file.',
      },
    ],
    rotation: {
      create:
        'JumpCloud signs with a new certificate as soon as it exists. To rotate without an outage, make the new certificate and private key yourself, stage the certificate here first, and only then upload them in JumpCloud.',
      publish: 'Paste the new certificate (the one you made) here. JumpCloud publishes it only once it signs with it.',
      switchOver:
        'On the application, open the menu next to IDP Certificate and select Upload new certificate, then upload the matching private key with Upload IDP Private Key. (Regenerate certificate there also works, but SSO fails until the regenerated certificate is active here.)',
    },
  },
  {
    kind: 'duo',
    name: 'Duo',
    create: 'Applications → Protect an Application → Generic SAML Service Provider',
    metadataUrl: true,
    steps: [
      {
        title: 'Protect the application',
        body: 'In the Duo Admin Panel, go to Applications → Protect an Application, search for Generic SAML Service Provider and select Protect (Duo Single Sign-On needs an authentication source configured first).',
      },
      {
        title: 'Service Provider and SAML Response',
        body: 'Under Service Provider and SAML Response, enter these values, then select Save at the bottom of the page.',
        fields: [
          { idpField: 'Entity ID', value: { sp: 'entityId' } },
          { idpField: 'Assertion Consumer Service (ACS) URL', value: { sp: 'acsUrl' } },
          { idpField: 'NameID format', value: { text: EMAIL_NAME_ID_FORMAT } },
          { idpField: 'NameID attribute', value: { text: '<Email Address>' } },
        ],
      },
      {
        title: 'Choose who can sign in',
        body: 'In the application’s settings, allow the users or groups who should sign in with SSO (user access or permitted groups, depending on your Duo edition).',
      },
      {
        title: 'Copy the metadata URL',
        body: 'In the Metadata section at the top of the application’s page, copy the Metadata URL and import it below, or select Download XML and import the file.',
      },
    ],
    rotation: {
      create: 'Duo manages the signing certificate of its SSO applications; the one in use is shown in the application’s Metadata section with its fingerprints.',
      publish: 'When Duo shows a new certificate there, it appears at the Metadata URL; you can also select Download certificate and paste it here.',
      switchOver: 'Duo signs with the certificate shown in the application’s Metadata section; follow Duo’s notice for when it changes.',
    },
  },
  {
    kind: 'saml',
    name: 'Other SAML 2.0',
    create: 'a SAML 2.0 application (a service provider) in your identity provider',
    metadataUrl: true,
    steps: [
      {
        title: 'Create a SAML 2.0 application',
        body: 'In your identity provider’s admin console, create an application for a custom SAML 2.0 service provider. If it can import service provider metadata, give it the SP metadata URL and check the values below.',
      },
      {
        title: 'Enter the service provider values',
        body: 'Identity providers name these fields differently; the usual names are given. Sign the assertion or the whole response with SHA-256.',
        fields: [
          { idpField: 'ACS URL (Assertion Consumer Service, Reply or Recipient URL)', value: { sp: 'acsUrl' } },
          { idpField: 'SP Entity ID (Audience or Identifier)', value: { sp: 'entityId' } },
          { idpField: 'SP metadata URL (if it imports metadata)', value: { sp: 'metadataUrl' } },
          { idpField: 'NameID format', value: { sp: 'nameIdFormat' } },
          { idpField: 'NameID value', value: { text: 'the user’s email address' } },
        ],
      },
      {
        title: 'Assign people',
        body: 'Assign the people or groups who should sign in with SSO to the application.',
      },
      {
        title: 'Copy the metadata',
        body: 'Find the identity provider’s SAML metadata: a metadata URL (best: SSO Desk can then watch it for new certificates) or an XML file to download. Import it below.',
      },
    ],
    rotation: {
      create: 'Create the new signing certificate in your identity provider without making it the one it signs with yet.',
      publish: 'If your identity provider publishes it at the metadata URL, SSO Desk detects it; otherwise download the new certificate and paste it here.',
      switchOver: 'Make your identity provider sign with the new certificate.',
    },
  },
];

export function idpGuide(kind: IdpKind): IdpGuide {
  return IDP_GUIDES.find((guide) => guide.kind === kind) ?? IDP_GUIDES[IDP_GUIDES.length - 1]!;
}

/** OneLogin's ACS URL validator is a regular expression: the ACS URL, escaped and anchored. */
export function acsUrlPattern(acsUrl: string): string {
  return `^${acsUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}
