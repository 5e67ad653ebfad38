"""Build pages in t.me/s markup for fetch tests (parsing is tested on recorded pages)."""

from html import escape

MESSAGE = """
<div class="tgme_widget_message_wrap js-widget_message_wrap">
  <div class="tgme_widget_message js-widget_message" data-post="{channel}/{id}">
    <div class="tgme_widget_message_bubble">
      <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name"
        href="https://t.me/{channel}"><span dir="auto">Kanal {channel}</span></a></div>
      <div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>
      <div class="tgme_widget_message_footer compact js-message_footer">
        <span class="tgme_widget_message_meta"><a class="tgme_widget_message_date"
          href="https://t.me/{channel}/{id}"><time datetime="{time}" class="time">07:47</time>
        </a></span>
      </div>
    </div>
  </div>
</div>"""


def channel_page(channel: str, posts: list[tuple[int, str, str]], older: int | None = None) -> str:
    """A channel page with ``posts`` (id, text, ISO time), oldest first, and a link to older."""
    prev = f'<link rel="prev" href="/s/{channel}?before={older}">' if older else ""
    body = "".join(MESSAGE.format(channel=channel, id=i, text=escape(t), time=ts)
                   for i, t, ts in posts)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">{prev}</head><body>'
            f'<main class="tgme_main"><section class="tgme_channel_history js-message_history">'
            f"{body}</section></main></body></html>")
