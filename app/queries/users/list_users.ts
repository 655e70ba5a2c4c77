import User from '#models/user'

export function listUsers() {
  return User.query().preload('organisation').orderBy('is_active', 'desc').orderBy('full_name')
}
