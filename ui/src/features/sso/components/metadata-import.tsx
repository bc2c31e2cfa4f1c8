import { Button, FileInput, Group, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

import { sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import type { MetadataSource } from '../types';
import { errorField } from '../utils/labels';

/** The metadata parser refuses anything larger (crates/saml bounds untrusted XML at 10 MiB). */
export const MAX_METADATA_BYTES = 10 * 1024 * 1024;

export type ImportOrigin = 'url' | 'file' | 'paste';

interface MetadataImportProps {
  parentId: string;
  /** Where to start: a URL when the IdP offers one, a file otherwise. */
  defaultOrigin: ImportOrigin;
  previewing: boolean;
  /** The last preview's error and which input it came from, to show it under that input. */
  error: { error: CommandError; origin: ImportOrigin } | null;
  onPreview: (source: MetadataSource, origin: ImportOrigin) => void;
  /** A file the UI itself could not read (too large, unreadable); shown under the file input. */
  onLocalError: (error: CommandError) => void;
}

/**
 * The IdP's metadata by URL (fetched by the app, natively), by file (read here and sent as XML) or
 * pasted. Whatever was typed stays on any error.
 */
export function MetadataImport({ parentId, defaultOrigin, previewing, error, onPreview, onLocalError }: MetadataImportProps) {
  const [origin, setOrigin] = useState<ImportOrigin>(defaultOrigin);
  const [url, setUrl] = useState('');
  const [xml, setXml] = useState('');
  const [file, setFile] = useState<File | null>(null);

  const field = errorField(error?.error ?? null);
  const errorText = (at: ImportOrigin, fields: string[]) =>
    error && error.origin === at && field !== null && fields.includes(field) ? sentence(error.error.message) : undefined;

  const submitUrl = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim() === '') return;
    onPreview({ kind: 'url', url: url.trim() }, 'url');
  };
  const submitXml = (event: FormEvent) => {
    event.preventDefault();
    if (xml.trim() === '') return;
    onPreview({ kind: 'xml', xml }, 'paste');
  };
  const readFile = async (picked: File | null) => {
    setFile(picked);
    if (!picked) return;
    if (picked.size > MAX_METADATA_BYTES) {
      onLocalError({ code: 'invalid_input', field: 'xml', message: `${picked.name} is larger than 10 MiB, more than any metadata document` });
      return;
    }
    try {
      onPreview({ kind: 'xml', xml: await readText(picked) }, 'file');
    } catch {
      onLocalError({ code: 'invalid_input', field: 'xml', message: `${picked.name} could not be read` });
    }
  };

  return (
    <Tabs value={origin} onChange={(value) => value && setOrigin(value as ImportOrigin)} keepMounted={false}>
      <Tabs.List aria-label="How to import the IdP metadata">
        <Tabs.Tab value="url" data-testid="import-tab-url">
          Metadata URL
        </Tabs.Tab>
        <Tabs.Tab value="file" data-testid="import-tab-file">
          File
        </Tabs.Tab>
        <Tabs.Tab value="paste" data-testid="import-tab-paste">
          Paste XML
        </Tabs.Tab>
      </Tabs.List>

      <Tabs.Panel value="url" pt="sm">
        <form onSubmit={submitUrl} noValidate aria-label="Import the metadata from a URL">
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <TextInput
              id={`metadata-url-${parentId}`}
              label="IdP metadata URL"
              description="SSO Desk fetches it itself, and keeps watching it for new signing certificates."
              placeholder="https://idp.example.com/app/…/sso/saml/metadata"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              error={errorText('url', ['url', 'metadataUrl'])}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autoComplete="off"
              spellCheck={false}
              inputMode="url"
              style={{ flex: 1, minWidth: 0 }}
              data-testid="metadata-url-input"
            />
            <Button type="submit" mt={25} loading={previewing && origin === 'url'} disabled={previewing || url.trim() === ''} data-testid="preview-url">
              Preview
            </Button>
          </Group>
        </form>
      </Tabs.Panel>

      <Tabs.Panel value="file" pt="sm">
        <FileInput
          label="Metadata file"
          description="The XML file downloaded from your identity provider. It is read here and previewed at once."
          placeholder="Choose a .xml file"
          accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
          value={file}
          onChange={(picked) => void readFile(picked)}
          error={errorText('file', ['xml', 'metadataXml'])}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          clearable
          disabled={previewing}
          data-testid="metadata-file-input"
        />
      </Tabs.Panel>

      <Tabs.Panel value="paste" pt="sm">
        <form onSubmit={submitXml} noValidate aria-label="Import pasted metadata">
          <Stack gap="sm" align="flex-start">
            <Textarea
              label="Metadata XML"
              description="Paste the whole EntityDescriptor (or EntitiesDescriptor) document."
              value={xml}
              onChange={(event) => setXml(event.currentTarget.value)}
              error={errorText('paste', ['xml', 'metadataXml'])}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autosize
              minRows={5}
              maxRows={14}
              spellCheck={false}
              w="100%"
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
              data-testid="metadata-xml-input"
            />
            <Button type="submit" loading={previewing && origin === 'paste'} disabled={previewing || xml.trim() === ''} data-testid="preview-xml">
              Preview
            </Button>
          </Stack>
        </form>
      </Tabs.Panel>
      {previewing && (
        <Text size="xs" c="dimmed" mt="xs" role="status">
          Reading the metadata…
        </Text>
      )}
    </Tabs>
  );
}

/** `Blob.text()` where the webview has it, a FileReader otherwise. */
function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(file);
  });
}
