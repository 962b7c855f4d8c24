import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

// Six decimals: one call of a small model costs fractions of a cent.
const USD = new Intl.NumberFormat('en-US', {
  style: 'currency', currency: 'USD', minimumFractionDigits: 6, maximumFractionDigits: 6
});

/**
 * The last9-genai card's page: the conversations the application served most recently, with their
 * turns, model calls and cost, read from the extension's JSON-RPC service; below them the turns of
 * the selected conversation (the most recent one until another is clicked), in turn order.
 */
export class QwcLast9Conversations extends LitElement {

  jsonRpc = new JsonRpc(this);

  static styles = css`
    :host { display: flex; flex-direction: column; gap: 12px; padding: 10px 16px; }
    .bar { display: flex; align-items: center; gap: 12px; }
    .title { font-size: var(--lumo-font-size-m); font-weight: 600; }
    .hint { color: var(--lumo-secondary-text-color); font-size: var(--lumo-font-size-s); }
    .empty { color: var(--lumo-secondary-text-color); }
    vaadin-grid { font-variant-numeric: tabular-nums; }
    .turns { max-width: 720px; }
    .unpriced { color: var(--lumo-error-text-color); font-size: var(--lumo-font-size-s); }
  `;

  static properties = {
    _rows: { state: true },
    _selectedId: { state: true }
  };

  connectedCallback() {
    super.connectedCallback();
    this._load();
  }

  _load() {
    this.jsonRpc.getConversations().then(response => {
      this._rows = response.result;
    });
  }

  _selected() {
    if (!this._rows || this._rows.length === 0) {
      return null;
    }
    return this._rows.find(r => r.conversationId === this._selectedId) || this._rows[0];
  }

  _cost(item) {
    return html`${USD.format(Number(item.costUsd))}${item.unpricedCalls > 0
        ? html` <span class="unpriced">+ ${item.unpricedCalls} unpriced</span>` : ''}`;
  }

  _lastSeen(item) {
    // local time as 2026-12-04 17:16:26, readable whatever the browser's locale
    return new Date(item.lastSeen).toLocaleString('sv-SE');
  }

  render() {
    const selected = this._selected();
    return html`
      <div class="bar">
        <span class="title">Recent conversations</span>
        <span class="hint">most recent first; click one to see its turns</span>
        <vaadin-button theme="small" @click=${() => this._load()}>Refresh</vaadin-button>
      </div>
      ${selected
        ? html`${this._conversations(selected)}
            <div class="bar">
              <span class="title">Turns of ${selected.conversationId}</span>
              ${selected.userId ? html`<span class="hint">user ${selected.userId}</span>` : ''}
            </div>
            ${this._turns(selected)}`
        : html`<span class="empty">No conversation yet: spans with gen_ai.conversation.id appear here as the application serves them.</span>`}
    `;
  }

  _conversations(selected) {
    return html`<vaadin-grid .items=${this._rows} .selectedItems=${[selected]} theme="row-stripes"
        all-rows-visible
        @active-item-changed=${e => { if (e.detail.value) { this._selectedId = e.detail.value.conversationId; } }}>
      <vaadin-grid-column path="conversationId" header="Conversation" flex-grow="2"></vaadin-grid-column>
      <vaadin-grid-column path="userId" header="User" flex-grow="2"></vaadin-grid-column>
      <vaadin-grid-column path="turns" header="Turns" text-align="end"></vaadin-grid-column>
      <vaadin-grid-column path="modelCalls" header="Model calls" text-align="end"></vaadin-grid-column>
      <vaadin-grid-column header="Cost (USD)" text-align="end" flex-grow="2"
          ${columnBodyRenderer(item => this._cost(item), [])}></vaadin-grid-column>
      <vaadin-grid-column header="Last seen" text-align="end" flex-grow="2"
          ${columnBodyRenderer(item => html`${this._lastSeen(item)}`, [])}></vaadin-grid-column>
    </vaadin-grid>`;
  }

  _turns(selected) {
    return html`<vaadin-grid class="turns" .items=${selected.turnList} theme="row-stripes" all-rows-visible>
      <vaadin-grid-column path="turn" header="Turn" text-align="end"></vaadin-grid-column>
      <vaadin-grid-column path="modelCalls" header="Model calls" text-align="end"></vaadin-grid-column>
      <vaadin-grid-column header="Cost (USD)" text-align="end" flex-grow="2"
          ${columnBodyRenderer(item => this._cost(item), [])}></vaadin-grid-column>
    </vaadin-grid>`;
  }
}
customElements.define('qwc-last9-conversations', QwcLast9Conversations);
