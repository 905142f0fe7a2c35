"""技工蓝卡 (blue cards): the card, its employment history, its signed QR code and the
services that apply for, review, scan and revoke it."""
