import { isConfigured } from '../replies/provider';
import type { Settings } from './settings';

/**
 * The start-up lines that say what this server will do: where its config came from, which tools
 * it has, and which model answers plain messages (or that none does, and how to set one). The key
 * is never in them.
 */
export function startupSummary(settings: Pick<Settings, 'config' | 'configSource'>): string[] {
  const { config, configSource } = settings;
  const servers = Object.keys(config.mcpServers);
  const tools = servers.length === 0 ? 'builtin only' : `builtin + MCP servers ${servers.join(', ')}`;
  const { ai } = config;
  const model = isConfigured(ai)
    ? `${ai.model} at ${ai.baseUrl ?? 'https://api.openai.com/v1'}`
    : 'none (plain messages get no answer: set OPENAI_BASE_URL and FRAGMENTS_MODEL, or ai in the config)';
  return [`config: ${configSource ?? 'none'}`, `tools: ${tools}`, `AI model: ${model}`];
}
