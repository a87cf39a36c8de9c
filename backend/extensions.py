"""Extensions, created unbound and bound to the app in create_app()."""
from flask_compress import Compress
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

# Objects stay readable after the request's one commit, so that serialising the response
# does not reload every row one by one.
db = SQLAlchemy(session_options={"expire_on_commit": False})
migrate = Migrate()
api = Api()
# gzip/brotli for pages, scripts and JSON; streamed exports are left as they are
compress = Compress()
