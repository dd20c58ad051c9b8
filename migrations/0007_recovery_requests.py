"""Recovery by personal data becomes a request that waits for a verifier and the new address."""

from peewee import CharField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        pass

    class IdentityVerification(Base):
        pass

    class RecoveryRequest(Base):
        user = ForeignKeyField(User)
        new_email = CharField()
        status = CharField(default="esperando_identidad")
        created_at = DateTimeField()
        verification = ForeignKeyField(IdentityVerification, null=True, unique=True)
        decided_at = DateTimeField(null=True)
        ip = CharField(default="")

    db.create_tables([RecoveryRequest])
