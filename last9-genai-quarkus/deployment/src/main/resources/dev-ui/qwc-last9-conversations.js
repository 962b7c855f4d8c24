import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/button';

/**
 * The last9-genai card's page: the conversations the application served most recently, with their
 * turns, model calls and cost, read from the extension's JSON-RPC service.
 */
export class QwcLast9Conversations extends LitElement {

  jsonRpc = new JsonRpc(this);

  static styles = css`
    :host { display: flex; flex-direction: column; gap: 10px; padding: 10px; height: 100%; }
    .empty { color: var(--lumo-secondary-text-color); }
    vaadin-grid { height: 100%; }
  `;

  static properties = {
    _rows: { state: true }
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


  render() {
    return html`
      <vaadin-button theme="small" @click=${() => this._load()}>Refresh</vaadin-button>
      ${this._rows && this._rows.length > 0
        ? html`<vaadin-grid .items=${this._rows} theme="row-stripes">
            <vaadin-grid-column path="conversationId" header="Conversation" auto-width></vaadin-grid-column>
            <vaadin-grid-column path="userId" header="User" auto-width></vaadin-grid-column>
            <vaadin-grid-column path="turns" header="Turns" auto-width></vaadin-grid-column>
            <vaadin-grid-column path="lastTurn" header="Last turn" auto-width></vaadin-grid-column>
            <vaadin-grid-column path="modelCalls" header="Model calls" auto-width></vaadin-grid-column>
            <vaadin-grid-column header="Cost (USD)" auto-width
                .renderer=${(root, column, model) => { root.textContent = '$' + Number(model.item.costUsd).toFixed(6) + (model.item.unpricedCalls > 0 ? ' (' + model.item.unpricedCalls + ' unpriced)' : ''); }}></vaadin-grid-column>
            <vaadin-grid-column path="lastSeen" header="Last seen" auto-width></vaadin-grid-column>
          </vaadin-grid>`
        : html`<span class="empty">No conversation yet: spans with gen_ai.conversation.id appear here as the application serves them.</span>`}
    `;
  }
}
customElements.define('qwc-last9-conversations', QwcLast9Conversations);
