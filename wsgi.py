from bluecard import create_app

app = create_app()
