"""A local SMTP sink: every message the site sends is written to a folder as an .eml file the tests read.

    python mail_sink.py --port 2525 --dir /path/to/mail
"""

import argparse
import asyncio
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class SaveToFolder:
	def __init__(self, folder: Path):
		self.folder = folder

	async def handle_DATA(self, server, session, envelope):
		name = f"{time.time():.6f}-{uuid.uuid4().hex[:8]}.eml"
		tmp = self.folder / f".{name}"
		# the envelope says who the message was delivered to (the To header may list others too)
		delivered_to = f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
		tmp.write_bytes(delivered_to + (envelope.original_content or envelope.content))
		tmp.rename(self.folder / name)  # readers never see half a message
		return "250 Message accepted"


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--port", type=int, default=2525)
	parser.add_argument("--dir", required=True)
	args = parser.parse_args()
	folder = Path(args.dir)
	folder.mkdir(parents=True, exist_ok=True)
	controller = Controller(SaveToFolder(folder), hostname="127.0.0.1", port=args.port)
	controller.start()
	try:
		asyncio.get_event_loop().run_forever()
	finally:
		controller.stop()


if __name__ == "__main__":
	main()
